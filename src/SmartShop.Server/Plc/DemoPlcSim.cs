using System.Diagnostics;
using SmartShop.OpcUa.Security;
using SmartShop.Server.Data;
using SmartShop.Server.Plant;

namespace SmartShop.Server.Plc;

/// <summary>
/// Starts the repository's plc-sim with the demo plant when the server runs the demo plant file from a checkout
/// (<c>SmartShop:Demo:PlcSim</c>: <c>auto</c>, the default; <c>true</c>; <c>false</c>), so a new user sees machines
/// running and OEE moving right after the first command. It needs Node on the PATH; plc-sim's npm packages are
/// installed on first use. The simulator's certificate is put into the MES's trust list (it is our own demo server),
/// and the simulator is stopped with the server. A port already in use means a simulator (or a PLC) is already there:
/// the server then uses it.
/// </summary>
public sealed partial class DemoPlcSim(PlantCatalog catalog, IConfiguration configuration, IHostEnvironment environment, ILogger<DemoPlcSim> logger) : IHostedService, IAsyncDisposable
{
    public const string SettingKey = "SmartShop:Demo:PlcSim";
    public const string DemoEndpoint = "opc.tcp://127.0.0.1:4840";

    private Process? _process;

    /// <summary>The endpoint it started (null when it did not start one).</summary>
    public string? Endpoint { get; private set; }

    /// <summary>True when the server runs the bundled demo plant from a checkout of the repository.</summary>
    public static bool IsDemoPlant(PlantCatalog catalog, IHostEnvironment environment)
    {
        var root = FindRepository(environment.ContentRootPath) ?? FindRepository(AppContext.BaseDirectory);
        return root is not null && string.Equals(
            Path.GetFullPath(catalog.Source.FullPath), Path.GetFullPath(Path.Combine(root, PlantSetup.DefaultPlantFile)), StringComparison.Ordinal);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var setting = (configuration[SettingKey] ?? "auto").Trim().ToLowerInvariant();
        if (setting is "false" or "off" || !configuration.GetValue("Plc:Enabled", true))
        {
            return;
        }

        var root = FindRepository(environment.ContentRootPath) ?? FindRepository(AppContext.BaseDirectory);
        var isDemoPlant = IsDemoPlant(catalog, environment);
        if (setting == "auto" && !isDemoPlant)
        {
            return;
        }

        if (root is null)
        {
            LogSkipped(logger, "plc-sim is not next to the server (no checkout of the repository found)");
            return;
        }

        try
        {
            await StartSimulatorAsync(root, cancellationToken);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            LogSkipped(logger, e.Message);
        }
    }

    private async Task StartSimulatorAsync(string root, CancellationToken cancellationToken)
    {
        var plcSim = Path.Combine(root, "plc-sim");
        if (!Directory.Exists(Path.Combine(plcSim, "node_modules")))
        {
            LogInstalling(logger);
            var (code, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], plcSim, TimeSpan.FromMinutes(5), cancellationToken);
            if (code != 0)
            {
                throw new InvalidOperationException($"npm ci in {plcSim} failed ({code}): {output}");
            }
        }

        var dataDirectory = Path.Combine(DatabaseSetup.ResolveDataDirectory(configuration["SmartShop:DataDirectory"]), "plc-sim");
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
        foreach (var arg in new[] { Path.Combine(plcSim, "src", "cli.js"), "--plant", Path.Combine(plcSim, "plants", "demo.yaml"), "--port", "4840", "--data-dir", dataDirectory })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("node could not be started.");
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var first = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (first is null || !first.StartsWith("opc.tcp://", StringComparison.Ordinal))
        {
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            string text;
            lock (errors)
            {
                text = errors.ToString().Trim();
            }

            process.Dispose();
            throw new InvalidOperationException(text.Contains("EADDRINUSE", StringComparison.Ordinal) || text.Contains("in use", StringComparison.OrdinalIgnoreCase)
                ? $"port 4840 is in use; the server reads whatever listens there ({text})"
                : $"plc-sim did not start: {first} {text}");
        }

        _process = process;
        _ = DrainAsync(process);
        Endpoint = first.Trim();
        TrustSimulator(dataDirectory);
        LogStarted(logger, Endpoint, process.Id);
    }

    /// <summary>Puts the simulator's own certificate into the MES's trusted folder: the demo trusts its own simulator.</summary>
    private void TrustSimulator(string dataDirectory)
    {
        var certificate = Path.Combine(dataDirectory, "pki", "own", "certs", "certificate.pem");
        if (!File.Exists(certificate))
        {
            return;
        }

        var pki = new PkiDirectory(configuration["Plc:PkiPath"] ?? Path.Combine(DatabaseSetup.ResolveDataDirectory(configuration["SmartShop:DataDirectory"]), "pki"));
        pki.EnsureCreated();
        File.Copy(certificate, Path.Combine(pki.TrustedCertificates, "plc-sim-demo.pem"), overwrite: true);
    }

    private static async Task DrainAsync(Process process)
    {
        try
        {
            while (await process.StandardOutput.ReadLineAsync() is not null)
            {
                // plc-sim prints its endpoint once; nothing else needs reading, but the pipe must not fill.
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process ended.
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] args, string directory, TimeSpan limit, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    /// <summary>The checkout's root (the folder with plc-sim/src/cli.js and SmartShop.sln) at or above <paramref name="start"/>.</summary>
    private static string? FindRepository(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SmartShop.sln")) && File.Exists(Path.Combine(dir.FullName, "plc-sim", "src", "cli.js")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _process, null) is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            process.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo plant: started plc-sim on {Endpoint} (pid {Pid}); it stops with the server")]
    private static partial void LogStarted(ILogger logger, string endpoint, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo plant: installing plc-sim's npm packages (once)")]
    private static partial void LogInstalling(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo plant: plc-sim not started: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string reason);
}
