using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace SmartShop.OpcUa.Bench;

/// <summary>
/// A process the bench starts (plc-sim, or a consumer speaking the ready/mark/stop protocol), with its CPU time read
/// from /proc the same way for every process, whatever its runtime. Its standard error goes to ours, prefixed.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    // Linux USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on every mainstream kernel build.
    private const double ClockTicksPerSecond = 100;

    private readonly Process _process;

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, string workingDirectory)
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

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine($"[{name}] {line}");
            }
        };
        process.BeginErrorReadLine();
        return new ChildProcess(process, name);
    }

    /// <summary>The next standard output line that satisfies <paramref name="accept"/> (others are echoed to standard error).</summary>
    public async Task<string> ReadLineAsync(Func<string, bool> accept, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            string? line;
            try
            {
                line = await _process.StandardOutput.ReadLineAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{Name} said nothing expected within {timeout.TotalSeconds:0} s.");
            }

            if (line is null)
            {
                await _process.WaitForExitAsync(CancellationToken.None);
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}.");
            }

            if (accept(line))
            {
                return line;
            }

            Console.Error.WriteLine($"[{Name}] {line}");
        }
    }

    public async Task SendAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Asks a consumer for its counters; send <c>mark</c> first (so several consumers are asked at once).</summary>
    public async Task<ConsumerReport> ReadReportAsync()
    {
        var line = await ReadLineAsync(l => l.StartsWith('{'), TimeSpan.FromSeconds(60));
        return JsonSerializer.Deserialize<ConsumerReport>(line, ConsumerReport.Json)
            ?? throw new InvalidOperationException($"{Name} sent {line}.");
    }

    /// <summary>User + system CPU seconds the process has used so far (threads included, children not).</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
    }

    /// <summary>Resident memory, MiB.</summary>
    public double ResidentMiB()
    {
        foreach (var line in File.ReadLines($"/proc/{Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return 0;
    }

    /// <summary>Sends <c>stop</c> and waits for a clean exit; kills the process if it does not come.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        try
        {
            await SendAsync("stop");
        }
        catch (IOException)
        {
            // Its standard input is gone: it is exiting anyway.
        }

        await WaitOrKillAsync(grace);
    }

    public async Task WaitOrKillAsync(TimeSpan grace)
    {
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

        _process.Dispose();
    }
}
