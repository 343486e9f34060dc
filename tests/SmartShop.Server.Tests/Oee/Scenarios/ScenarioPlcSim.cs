using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SmartShop.Server.Tests.Oee.Scenarios;

/// <summary>
/// The real plc-sim for a scenario test: the test's own plant file, a fixed simulated start time, no automatic jobs,
/// on 127.0.0.1 and a free port with a throwaway data folder. Unlike the shared <c>PlcSimServer</c> it can come back
/// after a kill with another start time and a scenario, because a restarted plc-sim starts its clock and its machines
/// afresh: the scenario restores what a real PLC would have kept (job, state, retentive counters).
/// </summary>
internal sealed class ScenarioPlcSim : IAsyncDisposable
{
    private readonly string _plantFile;
    private readonly string _dataDirectory;
    private readonly int _port;
    private Process _process;

    private ScenarioPlcSim(string plantFile, string dataDirectory, int port, Process process, string endpointUrl)
    {
        _plantFile = plantFile;
        _dataDirectory = dataDirectory;
        _port = port;
        _process = process;
        EndpointUrl = endpointUrl;
    }

    public string EndpointUrl { get; }

    /// <summary>
    /// Starts plc-sim with <paramref name="plantFile"/>; its simulated clock starts at <paramref name="start"/> and runs at
    /// 1×, running <paramref name="scenarioYaml"/> (if any) from that instant.
    /// </summary>
    public static async Task<ScenarioPlcSim> StartAsync(string plantFile, DateTimeOffset start, string dataDirectory, string? scenarioYaml = null)
    {
        if (!Directory.Exists(Path.Combine(RepositoryRoot(), "plc-sim", "node_modules")))
        {
            throw new InvalidOperationException("plc-sim/node_modules is missing: run `npm ci` in plc-sim (tests/run.sh does).");
        }

        var port = FreePort();
        Directory.CreateDirectory(dataDirectory);
        string? scenarioFile = null;
        if (scenarioYaml is not null)
        {
            scenarioFile = Path.Combine(dataDirectory, "start-scenario.yaml");
            await File.WriteAllTextAsync(scenarioFile, scenarioYaml);
        }

        var (process, url) = await LaunchAsync(plantFile, dataDirectory, port, start, scenarioFile);
        return new ScenarioPlcSim(plantFile, dataDirectory, port, process, url);
    }

    /// <summary>SIGKILL: no session closed, no socket shut down cleanly (a power cut at the PLC).</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
    }

    /// <summary>
    /// Starts plc-sim again on the same port and data folder (so the same certificate), its clock at
    /// <paramref name="start"/>, running <paramref name="scenarioYaml"/> from that instant.
    /// </summary>
    public async Task RestartAsync(DateTimeOffset start, string scenarioYaml)
    {
        await KillAsync();
        _process.Dispose();
        var scenarioFile = Path.Combine(_dataDirectory, "restart-scenario.yaml");
        await File.WriteAllTextAsync(scenarioFile, scenarioYaml);
        var (process, url) = await LaunchAsync(_plantFile, _dataDirectory, _port, start, scenarioFile);
        _process = process;
        if (url != EndpointUrl)
        {
            throw new InvalidOperationException($"plc-sim came back on {url}, not {EndpointUrl}.");
        }
    }

    private static async Task<(Process Process, string Url)> LaunchAsync(string plantFile, string dataDirectory, int port, DateTimeOffset start, string? scenarioFile)
    {
        var root = RepositoryRoot();
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        string[] args =
        [
            Path.Combine(root, "plc-sim", "src", "cli.js"), "--plant", plantFile, "--port", port.ToString(CultureInfo.InvariantCulture),
            "--seed", "1", "--speed", "1", "--no-auto-jobs", "--data-dir", dataDirectory,
            "--start", start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ];
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        if (scenarioFile is not null)
        {
            info.ArgumentList.Add("--scenario");
            info.ArgumentList.Add(scenarioFile);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node.");
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var url = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (url is null || !url.StartsWith("opc.tcp://", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"plc-sim did not print its endpoint: {url} {stderr}");
            }

            return (process, url.Trim());
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SmartShop.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SmartShop.sln not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Killed; the OS reaps it.
            }
        }

        _process.Dispose();
    }
}
