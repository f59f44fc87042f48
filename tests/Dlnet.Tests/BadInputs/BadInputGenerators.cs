using System.Text;
using Dlnet.Fleet;
using Dlnet.Pipeline;
using Dlnet.Tests.Data;

namespace Dlnet.Tests.BadInputs;

/// <summary>
/// The corpus inputs that are made rather than stored: files too large to commit, binary files made from a
/// valid one, and states (a run folder in use) that only exist while a test holds them. Each writes
/// <c>$name</c> of cases.tsv at the path it is given and may return what to release after the case.
/// </summary>
public static class BadInputGenerators
{
    public static IReadOnlyDictionary<string, Func<string, IDisposable?>> ByName { get; } = new Dictionary<string, Func<string, IDisposable?>>(StringComparer.Ordinal)
    {
        ["a-file"] = path => Done(() => File.WriteAllText(path, "not a folder\n")),
        ["a-folder"] = path => Done(() => Directory.CreateDirectory(path)),

        // One field longer than the CSV parser holds, then a quote that is never closed before more rows than that.
        ["long-row.csv"] = path => Done(() => Write(path, w =>
        {
            w.Write("cell,cycle,soh\nA,1,\"");
            w.Write(new string('9', DataLimits.MaxRowChars + 1));
            w.Write("\"\n");
        })),
        ["unclosed-quote-large.csv"] = path => Done(() => Write(path, w =>
        {
            w.Write("cell,cycle,soh\nA,1,1.0\nA,2,\"0.99\n");
            string rows = string.Concat(Enumerable.Repeat("A,3,0.98\n", 1 << 16));
            for (long written = 0; written <= DataLimits.MaxRowChars; written += rows.Length) w.Write(rows);
        })),
        // Larger than a data file may be; sparse, so it costs no disk.
        ["huge-file.csv"] = path => Done(() =>
        {
            using var stream = File.Create(path);
            stream.Write("cell,cycle,soh\n"u8);
            stream.SetLength(DataLimits.MaxFileBytes + 1);
        }),
        ["too-many-cycles.csv"] = path => Done(() => Write(path, w =>
        {
            w.Write("cell,cycle,soh\n");
            for (int cycle = 1; cycle <= DataLimits.MaxCyclesPerCell + 1; cycle++) w.Write($"A,{cycle},0.9\n");
        })),

        // Parquet: binary, so made here from the Parquet writer rather than stored.
        ["truncated.parquet"] = path => Done(() =>
        {
            TestParquet.WriteValid(path);
            byte[] bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        }),
        // The footer length before the closing magic claims 2 GB.
        ["huge-footer.parquet"] = path => Done(() =>
        {
            TestParquet.WriteValid(path);
            using var stream = File.OpenWrite(path);
            stream.Seek(-8, SeekOrigin.End);
            stream.Write(BitConverter.GetBytes(0x7FFF_FFF0));
        }),
        // A row group of 1 Mi rows whose footer is rewritten to declare about 134 M (every varint of 2^20 rows made 2^27 - 1).
        ["huge-row-count.parquet"] = path => Done(() => WriteHugeRowCount(path)),
        // Footers the Parquet library would decode for ever: an unknown field (10) of type 0, and a schema (field 2) of
        // 2^31 - 1 elements in 8 bytes.
        ["endless-footer.parquet"] = path => Done(() => File.WriteAllBytes(path, [.. "PAR1"u8, 0xA0, 1, 0, 0, 0, .. "PAR1"u8])),
        ["huge-list-footer.parquet"] = path => Done(() =>
            File.WriteAllBytes(path, [.. "PAR1"u8, 0x29, 0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00, 8, 0, 0, 0, .. "PAR1"u8])),
        ["cycle-as-double.parquet"] = path => Done(() => TestParquet.Write(path,
            TestParquet.Of("cell", "A", "A"), TestParquet.Of("cycle", 1.0, 2.0), TestParquet.Of("soh", 1.0, 0.99))),
        ["cell-as-number.parquet"] = path => Done(() => TestParquet.Write(path,
            TestParquet.Of("cell", 1, 1), TestParquet.Of("cycle", 1, 2), TestParquet.Of("soh", 1.0, 0.99))),
        ["soh-as-text.parquet"] = path => Done(() => TestParquet.Write(path,
            TestParquet.Of("cell", "A", "A"), TestParquet.Of("cycle", 1, 2), TestParquet.Of("soh", "1.0", "0.99"))),
        ["missing-soh.parquet"] = path => Done(() => TestParquet.Write(path,
            TestParquet.Of("cell", "A", "A"), TestParquet.Of("cycle", 1, 2))),
        ["unknown-column.parquet"] = path => Done(() => TestParquet.Write(path,
            TestParquet.Of("cell", "A"), TestParquet.Of("cycle", 1), TestParquet.Of("soh", 1.0), TestParquet.Of("temperature", 25.0))),
        ["nan-soh.parquet"] = path => Done(() => TestParquet.Write(path,
            TestParquet.Of("cell", "A", "A", "A"), TestParquet.Of("cycle", 1, 2, 3), TestParquet.Of("soh", 1.0, 0.99, double.NaN))),
        ["negative-soh.parquet"] = path => Done(() => TestParquet.Write(path,
            TestParquet.Of("cell", "A", "A"), TestParquet.Of("cycle", 1, 2), TestParquet.Of("soh", 1.0, -0.5))),
        ["negative-cycle.parquet"] = path => Done(() => TestParquet.Write(path,
            TestParquet.Of("cell", "A", "A"), TestParquet.Of("cycle", 1L, -2L), TestParquet.Of("soh", 1.0, 0.99))),
        ["null-cycle.parquet"] = path => Done(() => TestParquet.Write(path,
            TestParquet.Of("cell", "A", "A"), TestParquet.Of<long?>("cycle", 1L, null), TestParquet.Of("soh", 1.0, 0.99))),
        ["null-cell.parquet"] = path => Done(() => TestParquet.Write(path,
            TestParquet.Of<string?>("cell", "A", null), TestParquet.Of("cycle", 1, 2), TestParquet.Of("soh", 1.0, 0.99))),
        ["long-cell-id.parquet"] = path => Done(() => TestParquet.Write(path,
            TestParquet.Of("cell", new string('A', DataLimits.MaxNameChars + 1)), TestParquet.Of("cycle", 1), TestParquet.Of("soh", 1.0))),
        ["split-changes.parquet"] = path => Done(() => TestParquet.Write(path,
            TestParquet.Of("cell", "A", "A"), TestParquet.Of("cycle", 1, 2), TestParquet.Of("soh", 1.0, 0.99), TestParquet.Of("split", "train", "test1"))),
        ["unsorted-across-groups.parquet"] = path => Done(() => TestParquet.Write(path, 2,
            TestParquet.Of("cell", "A", "A", "A"), TestParquet.Of("cycle", 2, 3, 1), TestParquet.Of("soh", 1.0, 0.99, 0.98))),
        ["no-rows.parquet"] = path => Done(() => TestParquet.Write(path,
            TestParquet.Of<string?>("cell"), TestParquet.Of<int>("cycle"), TestParquet.Of<double>("soh"))),

        ["truncated-xlsx"] = folder => Done(() =>
        {
            string whole = Path.Combine(folder, "whole.xlsx");
            TestWorkbook.WriteColumn(whole, Enumerable.Range(0, 500).Select(i => 1.0 - i * 1e-4));
            byte[] bytes = File.ReadAllBytes(whole);
            File.Delete(whole);
            File.WriteAllBytes(Path.Combine(folder, "Bat001_SOH.xlsx"), bytes[..(bytes.Length / 2)]);
        }),
        ["text-in-workbook"] = folder => Done(() =>
            TestWorkbook.Write(Path.Combine(folder, "Bat001_SOH.xlsx"), [(1, [1.0]), (2, [0.99]), (3, ["#DIV/0!"])])),
        // Two kilobytes the reader once looped on: an empty cell in the grid's last column and row widens every row
        // to 16,384 cells, a million rows down; and a row numbered 2^31 - 1, which the library reaches one blank row at a time.
        ["wide-workbook"] = folder => Done(() => TestWorkbook.WriteSheet(Path.Combine(folder, "Bat001_SOH.xlsx"),
            sheet => sheet.Write("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"1048576\"><c r=\"XFD1048576\"/></row>"))),
        ["column-beyond-the-grid"] = folder => Done(() => TestWorkbook.WriteSheet(Path.Combine(folder, "Bat001_SOH.xlsx"),
            sheet => sheet.Write("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"ZZZZ1\"/></row>"))),
        ["row-beyond-the-grid"] = folder => Done(() => TestWorkbook.WriteSheet(Path.Combine(folder, "Bat001_SOH.xlsx"),
            sheet => sheet.Write("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2147483647\"><c r=\"A2147483647\"/></row>"))),
        // A sheet of 257 MiB (in a file of a few hundred kilobytes), refused by its declared size before it is unpacked.
        ["workbook-unpacking-far"] = folder => Done(() => TestWorkbook.WriteSheet(Path.Combine(folder, "Bat001_SOH.xlsx"), sheet =>
        {
            string spaces = new(' ', 1 << 20);
            for (int i = 0; i < 257; i++) sheet.Write(spaces);
        })),

        ["model"] = path => Done(() => TrainedModel.CopyTo(path)),
        ["model-bad-json"] = path => Done(() =>
        {
            TrainedModel.CopyTo(path);
            File.WriteAllText(Path.Combine(path, "model.json"), "{");
        }),
        ["model-truncated"] = path => Done(() =>
        {
            TrainedModel.CopyTo(path);
            string weights = Path.Combine(path, "model.safetensors");
            using var stream = File.OpenWrite(weights);
            stream.SetLength(stream.Length / 2);
        }),
        // The 8-byte header length at the start of the file claims a terabyte.
        ["model-oversized-header"] = path => Done(() =>
        {
            TrainedModel.CopyTo(path);
            using var stream = File.OpenWrite(Path.Combine(path, "model.safetensors"));
            stream.Write(BitConverter.GetBytes(1L << 40));
        }),
        // model.json asks for twice the hidden units the weights have.
        ["model-wrong-shape"] = path => Done(() =>
        {
            TrainedModel.CopyTo(path);
            string json = Path.Combine(path, "model.json");
            File.WriteAllText(json, File.ReadAllText(json).Replace("\"hidden\": 8", "\"hidden\": 16", StringComparison.Ordinal));
        }),

        // A name that would close a C comment in the generated header and put a directive after it.
        ["model-injection-name"] = path => Done(() =>
        {
            TrainedModel.CopyTo(path);
            string json = Path.Combine(path, "model.json");
            var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(json))!;
            node["name"] = "m *\\\n/\n#error payload\n/*";
            File.WriteAllText(json, node.ToJsonString());
        }),
        // model.json claims a window of two billion values.
        ["model-huge-window"] = path => Done(() =>
        {
            TrainedModel.CopyTo(path);
            string json = Path.Combine(path, "model.json");
            var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(json))!;
            node["inputLength"] = 2_000_000_000;
            File.WriteAllText(json, node.ToJsonString());
        }),
        // A 3 GB weights file, sparse: its length is checked before anything is read.
        ["model-3gb-weights"] = path => Done(() =>
        {
            TrainedModel.CopyTo(path);
            using var stream = File.OpenWrite(Path.Combine(path, "model.safetensors"));
            stream.SetLength(3L << 30);
        }),

        // A run folder of the quick preset at another seed; the command line asks for seed 1.
        ["run-other-config"] = path => Done(() =>
        {
            Directory.CreateDirectory(path);
            RunConfigFile.Write(Path.Combine(path, RunFolder.ConfigFileName), RunPresets.Get(RunPresets.Quick, 1) with { Seed = 7 });
        }),
        // A run folder another run holds: the lock a running dlnet run takes.
        ["run-in-use"] = path => new RunFolder(path).Lock(),
    };

    private static void WriteHugeRowCount(string path)
    {
        const int rows = 1 << 20;
        TestParquet.Write(path, TestParquet.Of("cell", Enumerable.Repeat<string?>("A", rows).ToArray()),
            TestParquet.Of("cycle", Enumerable.Range(1, rows).ToArray()), TestParquet.Of("soh", Enumerable.Repeat(0.9, rows).ToArray()));
        byte[] bytes = File.ReadAllBytes(path);
        int footer = BitConverter.ToInt32(bytes, bytes.Length - 8), start = bytes.Length - 8 - footer;
        // Thrift's compact form stores 2^20 as the zigzag varint 80 80 80 01; 7F is its largest 4-byte neighbour.
        byte[] count = [0x80, 0x80, 0x80, 0x01], huge = [0xFE, 0xFF, 0xFF, 0x7F];
        int patched = 0;
        for (int i = start; i + 4 <= bytes.Length - 8; i++)
        {
            if (!bytes.AsSpan(i, 4).SequenceEqual(count)) continue;
            huge.CopyTo(bytes, i);
            patched++;
        }
        if (patched == 0) throw new InvalidOperationException("no row count of 2^20 found in the footer");
        File.WriteAllBytes(path, bytes);
    }

    private static IDisposable? Done(Action make)
    {
        make();
        return null;
    }

    private static void Write(string path, Action<StreamWriter> write)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        write(writer);
    }
}
