using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SmartShop.Server.Tests.Infrastructure;

/// <summary>
/// The built `smartshop` server as a separate process on 127.0.0.1 and a free port, so a test can kill it the hard
/// way (SIGKILL) and start it again on the same data directory.
/// </summary>
public sealed class SmartShopServer : IAsyncDisposable
{
    private readonly ProcessStartInfo _info;
    private readonly System.Text.StringBuilder _output = new();
    private Process? _process;

    private SmartShopServer(ProcessStartInfo info, Uri baseAddress)
    {
        _info = info;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>What the server printed (stdout and stderr), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<SmartShopServer> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dataDirectory };
        info.ArgumentList.Add(typeof(Program).Assembly.Location);
        info.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        foreach (var (key, value) in TestAuth.Settings.Concat(settings))
        {
            info.ArgumentList.Add($"--{key}={value}");
        }

        info.Environment["SMARTSHOP_DATA"] = dataDirectory;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        var server = new SmartShopServer(info, new Uri($"http://127.0.0.1:{port}"));
        await server.LaunchAsync();
        return server;
    }

    /// <summary>SIGKILL: no shutdown, no flush, as a power cut or the OOM killer would end it.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
        }
    }

    /// <summary>Starts it again on the same port and data directory.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        _process?.Dispose();
        await LaunchAsync();
    }

    private async Task LaunchAsync()
    {
        var process = Process.Start(_info) ?? throw new InvalidOperationException("Could not start dotnet.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"smartshop exited with {process.ExitCode}: {Output}");
            }

            try
            {
                if ((await http.GetAsync(new Uri("/ready", UriKind.Relative), guard.Token)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!guard.IsCancellationRequested)
            {
                // A slow first answer.
            }

            if (guard.IsCancellationRequested)
            {
                throw new TimeoutException($"smartshop was not ready within 60 s: {Output}");
            }

            await Task.Delay(200, CancellationToken.None);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }
}
