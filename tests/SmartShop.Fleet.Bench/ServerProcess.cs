using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmartShop.Fleet.Bench;

/// <summary>
/// The SmartShop server, Release build, as its own process on 127.0.0.1 and a free port: `dotnet smartshop.dll` with
/// the content root at src/SmartShop.Server (so it serves the built UI from its wwwroot) and every setting on the
/// command line. Stopped with SIGTERM so the grains flush, as systemd would.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private ServerProcess(ChildProcess process, Uri baseAddress, IReadOnlyDictionary<string, string> settings)
    {
        Process = process;
        BaseAddress = baseAddress;
        Settings = settings;
        Http = BenchAuth.Authorize(new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(15) });
    }

    public ChildProcess Process { get; }

    public Uri BaseAddress { get; }

    public IReadOnlyDictionary<string, string> Settings { get; }

    public HttpClient Http { get; }

    /// <summary>Seconds from start until /ready answered 200.</summary>
    public double ReadyAfterSeconds { get; private set; }

    public static async Task<ServerProcess> StartAsync(BenchContext context, string name, IReadOnlyDictionary<string, string> settings)
    {
        if (!File.Exists(context.ServerDll))
        {
            throw new InvalidOperationException($"{context.ServerDll} is missing: build with `dotnet build -c Release src/SmartShop.Server` (or run without --no-build).");
        }

        var port = BenchContext.FreePort();
        var arguments = new List<string>
        {
            context.ServerDll,
            $"--urls=http://127.0.0.1:{port}",
            $"--contentRoot={Path.Combine(context.Root, "src", "SmartShop.Server")}",
        };
        arguments.AddRange(settings.Select(s => $"--{s.Key}={s.Value}"));
        var log = Path.Combine(context.Logs, $"{name}.log");
        var started = Stopwatch.StartNew();
        var process = ChildProcess.Start(name, "dotnet", arguments, context.Work, log, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        });
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"), settings);
        try
        {
            await server.WaitReadyAsync(log, context.Cancellation);
            server.ReadyAfterSeconds = started.Elapsed.TotalSeconds;
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task WaitReadyAsync(string log, CancellationToken cancellationToken)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        guard.CancelAfter(TimeSpan.FromMinutes(3));
        using var probe = BenchAuth.Authorize(new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) });
        while (true)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {Process.ExitCode}: {string.Join('\n', File.ReadLines(log).TakeLast(20))}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("/ready", UriKind.Relative), guard.Token);
                if (response.StatusCode == HttpStatusCode.OK)
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
                cancellationToken.ThrowIfCancellationRequested();
                throw new TimeoutException($"The server was not ready within 3 minutes; see {log}.");
            }

            await Task.Delay(250, CancellationToken.None);
        }
    }

    /// <summary>Every machine's status (GET /api/machines/status).</summary>
    public async Task<MachineStatus[]> StatusesAsync(CancellationToken cancellationToken) =>
        await Http.GetFromJsonAsync<MachineStatus[]>(new Uri("/api/machines/status", UriKind.Relative), JsonSerializerOptions.Web, cancellationToken) ?? [];

    /// <summary>Samples the OPC UA connector has received so far, over all endpoints (GET /api/plc/endpoints).</summary>
    public async Task<(long Samples, int Subscribed, bool Connected, int Reconnects)> EndpointsAsync(CancellationToken cancellationToken)
    {
        var endpoints = await Http.GetFromJsonAsync<JsonElement[]>(new Uri("/api/plc/endpoints", UriKind.Relative), cancellationToken) ?? [];
        return (
            endpoints.Sum(e => e.GetProperty("samplesReceived").GetInt64()),
            endpoints.Sum(e => e.GetProperty("subscribedSignals").GetInt32()),
            endpoints.All(e => e.GetProperty("connected").GetBoolean()),
            endpoints.Sum(e => e.GetProperty("reconnects").GetInt32()));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.StopAsync(TimeSpan.FromSeconds(90));
        await Process.DisposeAsync();
    }

    /// <summary>Settings shared by every server the bench starts.</summary>
    public static Dictionary<string, string> BaseSettings(string plantFile, string dataDirectory) => new(BenchAuth.Settings, StringComparer.Ordinal)
    {
        ["SmartShop:PlantFile"] = plantFile,
        ["SmartShop:DataDirectory"] = dataDirectory,
        ["SmartShop:Demo:PlcSim"] = "false",
        ["Plc:Enabled"] = "false",
        ["Logging:Console:TimestampFormat"] = "HH:mm:ss.fff ",
    };

    public static string TimeSpanSetting(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}

public sealed record MachineStatus(string MachineId, string State, DateTimeOffset Since, string? Reason, string Source);
