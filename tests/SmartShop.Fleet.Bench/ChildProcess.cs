using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace SmartShop.Fleet.Bench;

/// <summary>
/// A process the bench starts (plc-sim, the server, a build), its output appended to a log file, its CPU time and
/// memory read from /proc the same way whatever its runtime. Every started process is registered so that Ctrl-C or
/// any failure stops it (<see cref="KillAll"/>).
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Func<string, bool>? _watchStdout;
    private readonly TaskCompletionSource<string> _matched = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(string name, Process process, StreamWriter log, Func<string, bool>? watchStdout)
    {
        Name = name;
        _process = process;
        _log = log;
        _watchStdout = watchStdout;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts <paramref name="fileName"/>; stdout and stderr go to <paramref name="logFile"/>. The first stdout line that
    /// satisfies <paramref name="watchStdout"/> completes <see cref="WaitForLineAsync"/>.
    /// </summary>
    public static ChildProcess Start(
        string name, string fileName, IEnumerable<string> arguments, string workingDirectory, string logFile,
        IReadOnlyDictionary<string, string>? environment = null, Func<string, bool>? watchStdout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        Running[process.Id] = process;
        var child = new ChildProcess(name, process, log, watchStdout);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data, stdout: true);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, stdout: false);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => child._matched.TrySetException(new InvalidOperationException($"{name} exited with code {process.ExitCode}; see {logFile}."));
        return child;
    }

    /// <summary>Runs a command to its end (a build, a CLI verb); throws with the log's tail when it fails.</summary>
    public static async Task RunAsync(string name, string fileName, IEnumerable<string> arguments, string workingDirectory, string logFile, CancellationToken cancellationToken)
    {
        await using var child = Start(name, fileName, arguments, workingDirectory, logFile);
        try
        {
            await child._process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            child._process.Kill(entireProcessTree: true);
            throw;
        }

        if (child._process.ExitCode != 0)
        {
            var tail = string.Join('\n', File.ReadLines(logFile).TakeLast(30));
            throw new InvalidOperationException($"{name} failed with exit code {child._process.ExitCode}:\n{tail}");
        }
    }

    /// <summary>The stdout line the process was started to watch for.</summary>
    public async Task<string> WaitForLineAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            return await _matched.Task.WaitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name} did not say what was expected within {timeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>User + system CPU seconds the process has used so far (all its threads).</summary>
    public double CpuSeconds() => ProcFs.CpuSeconds(Id);

    /// <summary>Resident memory now, MiB.</summary>
    public double ResidentMiB() => ProcFs.StatusKiB(Id, "VmRSS") / 1024.0;

    /// <summary>SIGTERM (both plc-sim and ASP.NET Core shut down cleanly on it), then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        Running.TryRemove(_process.Id, out _);
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    /// <summary>Kills every process the bench started that is still running (Ctrl-C, a crash, process exit).</summary>
    public static void KillAll()
    {
        foreach (var (id, process) in Running)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }

            Running.TryRemove(id, out _);
        }
    }

    private void OnLine(string? line, bool stdout)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output after the bench let go of the process.
            }
        }

        if (stdout && _watchStdout is not null && !_matched.Task.IsCompleted && _watchStdout(line))
        {
            _matched.TrySetResult(line);
        }
    }
}

/// <summary>Reads a process's CPU time and memory from /proc (Linux).</summary>
public static class ProcFs
{
    // Linux USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on every mainstream kernel build.
    private const double ClockTicksPerSecond = 100;

    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
    }

    /// <summary>A kB field of /proc/&lt;pid&gt;/status (VmRSS, VmHWM, ...), or a count (Threads).</summary>
    public static long StatusKiB(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>CPU seconds of the whole machine (all cores, every state but idle and iowait), for the load beside the bench.</summary>
    public static double MachineBusySeconds()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long busy = 0;
        for (var i = 1; i < cpu.Length && i <= 8; i++)
        {
            if (i is not 4 and not 5)
            {
                busy += long.Parse(cpu[i], CultureInfo.InvariantCulture);
            }
        }

        return busy / ClockTicksPerSecond;
    }

    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();
}
