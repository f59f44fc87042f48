using System.Text.Json.Nodes;
using Dlnet.Architectures;
using Dlnet.Cli;
using Dlnet.Cli.Common;
using Dlnet.Firmware;
using Dlnet.Forecasting;
using Dlnet.IO;
using Dlnet.Int8;
using Dlnet.ModelFiles;

namespace Dlnet.Tests.Deployment;

/// <summary>A tiny student trained for one epoch, as a model folder to copy and tamper with.</summary>
public sealed class StudentFolder : IDisposable
{
    public TempFolder Folder { get; } = new();

    public string Model => Folder.File("model");

    public StudentFolder() =>
        DeploymentFixtures.TrainStudent(Model, new NetworkOptions { EncoderWidth = 6, Hidden = 3, Rank = 2, DecoderWidths = [4] }, epochs: 1);

    /// <summary>A copy of the model folder at <paramref name="target"/>, its model.json changed by <paramref name="change"/>.</summary>
    public string CopyTo(string target, Action<JsonObject>? change = null)
    {
        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(Model)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        if (change is not null)
        {
            string json = Path.Combine(target, ModelFile.DescriptionFileName);
            var description = JsonNode.Parse(File.ReadAllText(json))!.AsObject();
            change(description);
            File.WriteAllText(json, description.ToJsonString());
        }
        return target;
    }

    public void Dispose() => Folder.Dispose();
}

/// <summary>
/// A model folder is untrusted input, and the generated C is compiled and run on the host by dlnet deploy: text from
/// the folder reaches the generated files only as a <see cref="SafeName"/>. A name built to close the header comment
/// (a '*', a line splice, then '/') and append a payload is refused before anything is generated; a hostile folder
/// name is neutralised, and the generated program compiles clean without any trace of the payload.
/// </summary>
public sealed class GeneratedTextTests(StudentFolder student) : IClassFixture<StudentFolder>, IDisposable
{
    const string Marker = "DLNET_PAYLOAD";

    // Runs before main on the host check if it ever reaches a compiled file.
    const string Payload = "__attribute__((constructor)) static void dlnet_payload(void) { abort(); }";

    // '*', a backslash and a new line, then '/': after line splicing the comment is closed and the rest is code.
    static readonly string InjectionName = "m *\\\n/\n#error " + Marker + "\n" + Payload + "\n/*";

    readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("a*/b")]
    [InlineData("a\\")]
    [InlineData("a\nb")]
    [InlineData("a??/")]
    [InlineData("a b")]
    [InlineData("a\"b")]
    [InlineData("#define")]
    [InlineData("é")]
    [InlineData("")]
    public void RequireRefusesEverythingOutsideTheWhitelist(string value)
    {
        var e = Assert.Throws<DataFormatException>(() => SafeName.Require(value, "model.json", "name"));
        Assert.Equal("model.json", e.File);
        Assert.StartsWith("name '", e.Problem);
        Assert.Contains("letters, digits, '_', '.' and '-'", e.Problem);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void RequireKeepsAWhitelistedNameAndRefusesALongOne()
    {
        Assert.Equal("s2-student-h4_r2.p12.5", SafeName.Require("s2-student-h4_r2.p12.5", "f", "name").Value);
        Assert.Equal(SafeName.MaxLength, SafeName.Require(new string('a', SafeName.MaxLength), "f", "name").Value.Length);
        var e = Assert.Throws<DataFormatException>(() => SafeName.Require(new string('a', SafeName.MaxLength + 1), "f", "name"));
        Assert.Contains($"at most {SafeName.MaxLength}", e.Problem);
    }

    [Fact]
    public void NeutraliseReplacesEveryOtherCharacter()
    {
        Assert.Equal("my_model_____x", SafeName.Neutralise("my model */\n#x").Value);
        Assert.Equal("_", SafeName.Neutralise("").Value);
        Assert.Equal(SafeName.MaxLength, SafeName.Neutralise(new string('x', 500)).Value.Length);
        Assert.True(SafeName.IsSafe(SafeName.Neutralise(InjectionName).Value));
    }

    [Fact]
    public void TheLastGuardRefusesCommentTextThatCouldChangeTheCode()
    {
        foreach (string text in new[] { "a */ b", "a /* b", "a \\", "a ??/", "a\nb" })
            Assert.Throws<InvalidOperationException>(() => new CSourceWriter().Comment(text));
        Assert.Throws<InvalidOperationException>(() => new CSourceWriter().Define("X", 1L, "*/ int x;"));
        Assert.Throws<InvalidOperationException>(() => new CSourceWriter().Define("X", double.NaN));
    }

    [Fact]
    public void DeployRefusesTheInjectionNameBeforeGeneratingAnything()
    {
        string model = student.CopyTo(_temp.File("hostile"), d => d["name"] = InjectionName);
        string firmware = _temp.File("fw");
        var r = Cli.Run("deploy", "--model", model, "--data", DeploymentFixtures.Csv, "--out", firmware);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.StartsWith($"error: {Path.Combine(model, ModelFile.DescriptionFileName)}: name 'm *\\\\u000a/\\u000a#error", r.Stderr);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal("", r.Stdout);
        Assert.Equal(["hostile"], Directory.GetFileSystemEntries(_temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void ProvenanceRefusesEveryFieldItWouldWriteThatIsNotWhitelisted()
    {
        var d = ModelFile.ReadDescription(student.Model);
        string json = Path.Combine(student.Model, ModelFile.DescriptionFileName);
        Assert.Contains("in the folder 'model'", string.Join("\n", ModelProvenance.From(student.Model, d).HeaderLines("x")));
        var cases = new (ModelDescription Description, string Field)[]
        {
            (d with { Name = InjectionName }, "name"),
            (d with { Architecture = "student */" }, "architecture"),
            (d with { Encoding = d.Encoding with { Form = "residual\n#error" } }, "encoding.form"),
            (d with { Data = d.Data! with { Fingerprint = "sha256:*/\n" + Payload } }, "data.fingerprint"),
            (d with { Data = d.Data! with { Fingerprint = "sha256:" + new string('A', 64) } }, "data.fingerprint"),
        };
        foreach (var (description, field) in cases)
        {
            var e = Assert.Throws<DataFormatException>(() => ModelProvenance.From(student.Model, description));
            Assert.Equal(json, e.File);
            Assert.StartsWith(field + " ", e.Problem);
        }
    }

    [Fact]
    public void AHostileFolderNameIsNeutralisedAndThePayloadNeverCompiles()
    {
        // A folder name cannot hold '/', but can hold the rest: a line splice, new lines and a payload.
        string hostile = _temp.File("m *\\\n#error " + Marker + "\n" + Payload + "\n\\");
        student.CopyTo(hostile);
        string firmware = _temp.File("fw");
        var r = FirmwareDeployment.Run(hostile, DeploymentFixtures.RunSplits, firmware,
            new DeploymentOptions { ArmCompiler = "dlnet-no-such-arm-gcc", Emulator = "dlnet-no-such-qemu", Sanitizers = false });

        // The host check compiled the generated C with -Werror and ran it: no #error, no constructor aborting it.
        Assert.True(r.BitExact);
        Assert.True(r.Report.BitExact.Host.WindowsCompared > 100);
        var files = Directory.GetFiles(firmware, "*", SearchOption.AllDirectories);
        Assert.Contains(Path.Combine(firmware, "README.md"), files);
        // deploy.json records the folder as given, JSON-escaped; no tool reads it.
        foreach (string file in files.Where(f => Path.GetFileName(f) != DeploymentReport.FileName))
        {
            string text = File.ReadAllText(file);
            Assert.DoesNotContain(Payload, text);
            Assert.DoesNotContain("((constructor))", text);
            Assert.DoesNotContain("#error", text);
            Assert.DoesNotContain(_temp.Path, text);
            // What is left of the name, letters and '_', stands only inside the header comment.
            if (Path.GetExtension(file) is ".c" or ".h" or ".ino")
                Assert.All(text.Split('\n').Where(l => l.Contains(Marker)), l => Assert.StartsWith(" * Generated by DLNet ", l));
        }
        Assert.Contains("in the folder 'm___", File.ReadAllText(Path.Combine(r.SketchFolder, "dlnet_model.h")));
    }
}
