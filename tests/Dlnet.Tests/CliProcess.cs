using System.Diagnostics;
using System.Text;

namespace Dlnet.Tests;

/// <summary>Runs the built <c>dlnet</c> as a child process, for tests that kill it or run several at once.</summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private CliProcess(string[] args)
    {
        _process = Process.Start(Start(args))!;
        _process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static CliProcess Run(params string[] args) => new(args);

    /// <summary>What it printed so far, standard output and error interleaved.</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the exit and returns the exit code; fails the test after <paramref name="timeout"/>.</summary>
    public int Wait(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"dlnet did not exit within {timeout}: {Log}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Waits until <paramref name="condition"/> holds while the process runs; false when it exited first.</summary>
    public bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (_process.HasExited)
            {
                // The output of an exited process can still be on its way: the untimed wait reads it to the end.
                _process.WaitForExit();
                return condition();
            }
            Assert.True(clock.Elapsed < timeout, $"the condition did not come within {timeout}: {Log}");
            Thread.Sleep(5);
        }
        return true;
    }

    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }

    /// <summary>The command-line program sits beside the tests (a referenced project), with its runtime config.</summary>
    public static ProcessStartInfo Start(string[] args)
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "Dlnet.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(cli);
        foreach (string a in args) start.ArgumentList.Add(a);
        return start;
    }
}
