using System.Diagnostics;

namespace SmartShop.Server.Tests.Infrastructure;

/// <summary>Runs the built `smartshop` executable as a user would, and waits (bounded) for it to exit.</summary>
public static class SmartShopProcess
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string? dataDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        if (dataDirectory is not null)
        {
            info.WorkingDirectory = dataDirectory;
            info.Environment["SMARTSHOP_DATA"] = dataDirectory;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"smartshop {string.Join(' ', args)} did not exit within 90 s: {await stdout}{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
