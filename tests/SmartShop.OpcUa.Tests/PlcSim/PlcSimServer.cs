using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SmartShop.OpcUa.Tests.PlcSim;

/// <summary>
/// The real plc-sim (node-opcua, a server we did not write) on 127.0.0.1 and a free port, with a throwaway PKI folder.
/// Needs Node and plc-sim/node_modules (tests/run.sh installs them).
/// </summary>
public sealed class PlcSimServer : IAsyncDisposable
{
    private readonly ProcessStartInfo _startInfo;
    private readonly string _dataDirectory;
    private Process _process;

    private PlcSimServer(ProcessStartInfo startInfo, Process process, string endpointUrl, string dataDirectory)
    {
        _startInfo = startInfo;
        _process = process;
        EndpointUrl = endpointUrl;
        _dataDirectory = dataDirectory;
    }

    public string EndpointUrl { get; }

    public static async Task<PlcSimServer> StartAsync(double speed = 1, int seed = 42)
    {
        var root = RepositoryRoot();
        var cli = Path.Combine(root, "plc-sim", "src", "cli.js");
        if (!Directory.Exists(Path.Combine(root, "plc-sim", "node_modules")))
        {
            throw new InvalidOperationException("plc-sim/node_modules is missing: run `npm ci` in plc-sim (tests/run.sh does).");
        }

        var dataDirectory = Directory.CreateTempSubdirectory("smartshop-plcsim-").FullName;
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var arg in new[]
                 {
                     cli, "--plant", Path.Combine(root, "plc-sim", "plants", "demo.yaml"), "--port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--speed", speed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--data-dir", dataDirectory,
                 })
        {
            info.ArgumentList.Add(arg);
        }

        var (process, url) = await LaunchAsync(info);
        return new PlcSimServer(info, process, url, dataDirectory);
    }

    /// <summary>SIGKILL, as a crash or a power cut would end it: no session is closed, no socket shut down cleanly.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
    }

    /// <summary>Starts plc-sim again on the same port with the same data folder (so the same certificate), after <see cref="KillAsync"/>.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        _process.Dispose();
        var (process, url) = await LaunchAsync(_startInfo);
        if (url != EndpointUrl)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"plc-sim came back on {url}, not {EndpointUrl}.");
        }

        _process = process;
    }

    private static async Task<(Process Process, string Url)> LaunchAsync(ProcessStartInfo info)
    {
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node.");
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        // plc-sim starts in about 3 s; a 2-core machine shared with other test processes has been seen to need over a
        // minute. The guard only bounds a hung start.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
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

    private static string RepositoryRoot()
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
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A certificate file may still be held for a moment; it is a temp folder.
        }
    }
}
