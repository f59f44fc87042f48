using System.Text.Json;
using Dlnet.IO;
using Dlnet.ModelFiles;

namespace Dlnet.Pipeline;

/// <summary>
/// The folder a run writes (RUN_FOLDER_CONTRACT): <c>config.json</c>, <c>teacher/</c>,
/// <c>candidates/&lt;name&gt;/</c>, <c>summary.json</c>. Every model folder is written under a temporary
/// name and moved into place when complete, so a folder that exists is finished work, and a run killed at
/// any moment leaves at most a temporary folder, which the next run deletes.
/// </summary>
public sealed class RunFolder
{
    public const string ConfigFileName = "config.json";
    public const string SummaryFileName = "summary.json";
    public const string TeacherFolderName = "teacher";
    public const string CandidatesFolderName = "candidates";
    public const string CandidateFileName = "candidate.json";

    /// <summary>What the run writes, and what <c>--force</c> clears (the report and firmware of earlier finishing steps too).</summary>
    private static readonly string[] RunEntries = [ConfigFileName, SummaryFileName, TeacherFolderName, CandidatesFolderName, "report.html", "plots", "firmware"];

    private const string TempPrefix = ".tmp-";

    public RunFolder(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }

    public string ConfigPath => System.IO.Path.Combine(Path, ConfigFileName);

    public string SummaryPath => System.IO.Path.Combine(Path, SummaryFileName);

    public string TeacherPath => System.IO.Path.Combine(Path, TeacherFolderName);

    public string CandidatesPath => System.IO.Path.Combine(Path, CandidatesFolderName);

    /// <summary>A candidate's folder relative to the run folder, as the summary names it.</summary>
    public static string RelativeCandidateFolder(string name) => CandidatesFolderName + "/" + name;

    public string CandidatePath(string name) => System.IO.Path.Combine(CandidatesPath, name);

    /// <summary>
    /// Makes the folder ready for <paramref name="config"/> on data with <paramref name="fingerprint"/>: a new
    /// folder gets its <c>config.json</c>; a folder of an earlier run with the same configuration and data is
    /// resumed (its leftover temporary folders deleted); one with another configuration or other data is
    /// refused, or with <paramref name="force"/> cleared first.
    /// </summary>
    /// <returns>True when earlier work is being resumed.</returns>
    /// <exception cref="RunFolderException">The folder holds another run.</exception>
    public bool Prepare(RunConfig config, string fingerprint, bool force)
    {
        Directory.CreateDirectory(Path);
        bool resumed = false;
        if (File.Exists(ConfigPath))
        {
            string? difference;
            try { difference = RunConfigFile.FirstDifference(RunConfigFile.Read(ConfigPath), config); }
            catch (DataFormatException) when (force) { difference = "unreadable"; }
            difference ??= DataDifference(fingerprint);
            if (difference is null) resumed = true;
            else if (!force)
                throw new RunFolderException($"{Path} holds a run of another configuration or other data ({difference}); " +
                    "use another --out folder, or --force to delete that run and start again");
            else Clear();
        }
        else if (Directory.Exists(CandidatesPath) || Directory.Exists(TeacherPath))
        {
            if (!force) throw new RunFolderException($"{Path} holds model folders but no {ConfigFileName}; use another --out folder, or --force to delete them");
            Clear();
        }
        DeleteTemporaries(Path);
        if (Directory.Exists(CandidatesPath)) DeleteTemporaries(CandidatesPath);
        if (!resumed) RunConfigFile.Write(ConfigPath, config);
        return resumed;
    }

    /// <summary>
    /// Makes the folder ready for one shard of a distributed run (<see cref="RunShare"/>): the first shard to come
    /// writes <c>config.json</c>; every shard must then have that configuration, and (once the teacher is in) data
    /// of the same fingerprint. Nothing is deleted, since the other shards may be writing.
    /// </summary>
    /// <exception cref="DataFormatException">The folder holds a run of another configuration or other data.</exception>
    /// <exception cref="RunFolderException">The folder holds model folders but no configuration.</exception>
    public void PrepareShared(RunConfig config, string fingerprint)
    {
        Directory.CreateDirectory(Path);
        if (!File.Exists(ConfigPath) && (Directory.Exists(CandidatesPath) || Directory.Exists(TeacherPath)))
            throw new RunFolderException($"{Path} holds model folders but no {ConfigFileName}; use another --out folder");
        RunConfigFile.TryCreate(ConfigPath, config);
        if (RunConfigFile.FirstDifference(RunConfigFile.Read(ConfigPath), config) is { } difference)
            throw new DataFormatException(ConfigPath, null, $"the run has another configuration ({difference}); every shard of a run needs the same settings, seed, threads and data");
        RequireData(fingerprint);
    }

    /// <summary>Refuses data of another fingerprint than the teacher's, if the teacher is in.</summary>
    /// <exception cref="DataFormatException">The teacher was trained on other data.</exception>
    public void RequireData(string fingerprint)
    {
        if (DataDifference(fingerprint) is { } difference)
            throw new DataFormatException(System.IO.Path.Combine(TeacherPath, ModelFile.DescriptionFileName), null,
                $"the run was started on other data ({difference}); every shard of a run needs the same data");
    }

    /// <summary>
    /// Holds the folder for one shard: with the other shards (a shared hold on <c>.lock</c>, which an unsharded run
    /// holds alone), but never with a second process of the same shard, nor with a shard of another count.
    /// </summary>
    /// <exception cref="RunFolderException">An unsharded run, the same shard, or a shard of another count is running on the folder.</exception>
    public IDisposable LockShared(RunShare share)
    {
        Directory.CreateDirectory(Path);
        var held = new List<IDisposable>();
        try
        {
            try
            {
                // Shared: not deleted on close, since another shard may hold it still.
                held.Add(new FileStream(System.IO.Path.Combine(Path, ".lock"), FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite));
            }
            catch (IOException)
            {
                throw new RunFolderException($"an unsharded dlnet run is using {Path}; wait for it to finish or use another --out folder");
            }
            if (share.Count == 0) return new Held(held);
            string own = ShardLockName(share.Index, share.Count);
            held.Add(TryLock(own) ?? throw new RunFolderException($"{share} is already running on {Path}; each shard runs once at a time"));
            foreach (string other in Directory.EnumerateFiles(Path, ".shard-*.lock").Select(f => System.IO.Path.GetFileName(f)))
            {
                if (other.EndsWith($"-of-{share.Count}.lock", StringComparison.Ordinal)) continue;
                // A lock file of another count is either held (refuse) or left by a killed process (it goes now).
                using var stale = TryLock(other)
                    ?? throw new RunFolderException($"a shard of another count ({other.TrimStart('.')[..^5]}) is running on {Path}; every shard of a run needs the same N");
            }
            return new Held(held);
        }
        catch
        {
            foreach (var h in held) h.Dispose();
            throw;
        }
    }

    /// <summary>The lock of the finishing steps, or null while another process holds it.</summary>
    public IDisposable? TryLockFinishing() => TryLock(".finishing.lock");

    /// <summary>Deletes the temporary folders that killed processes left; only when no process is writing.</summary>
    public void DeleteLeftovers()
    {
        DeleteTemporaries(Path);
        if (Directory.Exists(CandidatesPath)) DeleteTemporaries(CandidatesPath);
    }

    private static string ShardLockName(int index, int count) => $".shard-{index}-of-{count}.lock";

    private FileStream? TryLock(string name)
    {
        try
        {
            return new FileStream(System.IO.Path.Combine(Path, name), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private sealed class Held(List<IDisposable> held) : IDisposable
    {
        public void Dispose()
        {
            for (int i = held.Count - 1; i >= 0; i--) held[i].Dispose();
        }
    }

    /// <summary>
    /// Holds the folder for one run at a time: a second run on the same folder would delete the first one's
    /// temporary folders. The lock is the operating system's, so it goes when the process dies.
    /// </summary>
    /// <exception cref="RunFolderException">Another run holds the folder.</exception>
    public IDisposable Lock()
    {
        Directory.CreateDirectory(Path);
        try
        {
            return new FileStream(System.IO.Path.Combine(Path, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException)
        {
            throw new RunFolderException($"another dlnet run is using {Path}; wait for it to finish or use another --out folder");
        }
    }

    /// <summary>Whether a finished model folder of that name exists (the teacher's is <see cref="TeacherFolderName"/>).</summary>
    public bool HasTeacher => File.Exists(System.IO.Path.Combine(TeacherPath, ModelFile.DescriptionFileName));

    public bool HasCandidate(string name) => Directory.Exists(CandidatePath(name));

    /// <summary>Writes a finished model folder: into a temporary folder first, then moved to <paramref name="target"/>.</summary>
    public static void WriteFolder(string target, Action<string> write)
    {
        string parent = System.IO.Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        string temp = System.IO.Path.Combine(parent, $"{TempPrefix}{System.IO.Path.GetFileName(target)}-{Environment.ProcessId}");
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        try
        {
            Directory.CreateDirectory(temp);
            write(temp);
            Directory.Move(temp, target);
        }
        catch
        {
            try { if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>Writes a candidate's model folder with its <c>candidate.json</c>.</summary>
    public void WriteCandidate(CandidateRecord record, ModelDescription description, Nn.ParameterStore<float> parameters) =>
        WriteFolder(CandidatePath(record.Name), temp =>
        {
            ModelFile.Save(temp, description, parameters);
            WriteRecord(temp, record);
        });

    /// <summary>Replaces a finished candidate's <c>candidate.json</c> (its front and budget flags change as later candidates arrive).</summary>
    public void UpdateCandidate(CandidateRecord record) => WriteRecord(CandidatePath(record.Name), record);

    /// <exception cref="DataFormatException">The folder's <c>candidate.json</c> is missing or unreadable.</exception>
    public CandidateRecord ReadCandidate(string name)
    {
        string path = System.IO.Path.Combine(CandidatePath(name), CandidateFileName);
        if (!File.Exists(path)) throw new DataFormatException(CandidatePath(name), null, $"no {CandidateFileName}; delete the folder to train the candidate again");
        try
        {
            var record = JsonSerializer.Deserialize<CandidateRecord>(BoundedFile.ReadAllBytes(path, 1 << 20, "candidate record"), RunSummary.JsonOptions);
            if (record is null || record.Name != name) throw new DataFormatException(path, null, $"not the record of {name}; delete the folder to train the candidate again");
            // The run reads and writes where these point: they must name this candidate's folder and a candidate.
            if (record.Folder != RelativeCandidateFolder(name))
                throw new DataFormatException(path, null, $"folder '{record.Folder}' is not {RelativeCandidateFolder(name)}; delete the folder to train the candidate again");
            if (record.Parent is { } parent && !IsCandidateName(parent))
                throw new DataFormatException(path, null, $"parent '{parent}' is not a candidate name; delete the folder to train the candidate again");
            return record;
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, null, $"unreadable ({e.Message}); delete the folder to train the candidate again");
        }
    }

    /// <summary>A name a candidate folder can have: letters, digits, '_', '.', '-', and not only dots.</summary>
    public static bool IsCandidateName(string name) => Firmware.SafeName.IsSafe(name) && name.Trim('.').Length > 0;

    private static void WriteRecord(string folder, CandidateRecord record) =>
        AtomicFile.WriteAllText(System.IO.Path.Combine(folder, CandidateFileName), JsonSerializer.Serialize(record, RunSummary.JsonOptions) + "\n");

    /// <summary>Null when the teacher (if any) was trained on data with <paramref name="fingerprint"/>.</summary>
    private string? DataDifference(string fingerprint)
    {
        if (!HasTeacher) return null;
        string? before;
        try { before = ModelFile.ReadDescription(TeacherPath).Data?.Fingerprint; }
        catch (DataFormatException) { return "teacher/model.json unreadable"; }
        return before is null || before == fingerprint ? null : $"data fingerprint: {before} before, {fingerprint} now";
    }

    private void Clear()
    {
        foreach (string entry in RunEntries)
        {
            string full = System.IO.Path.Combine(Path, entry);
            if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
            else if (File.Exists(full)) File.Delete(full);
        }
    }

    private static void DeleteTemporaries(string folder)
    {
        foreach (string dir in Directory.EnumerateDirectories(folder, TempPrefix + "*"))
            Directory.Delete(dir, recursive: true);
    }
}

/// <summary>The output folder cannot be used for this run; the message says why and what to do.</summary>
public sealed class RunFolderException(string message) : Exception(message);
