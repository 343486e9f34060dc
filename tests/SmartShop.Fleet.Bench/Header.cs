using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace SmartShop.Fleet.Bench;

/// <summary>The report's first lines: when, on what, with which command and versions.</summary>
public static class Header
{
    public static async Task<string> WriteAsync(BenchContext context, string[] args)
    {
        var o = context.Options;
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var memory = File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var node = await OutputAsync(o.Node, "--version");
        var chromium = File.Exists(o.Chromium) ? await OutputAsync(o.Chromium, "--version") : "not installed";
        // SMARTSHOP_COMMIT names the source when it is not a git checkout (an exported tree).
        var commit = Environment.GetEnvironmentVariable("SMARTSHOP_COMMIT") is { Length: > 0 } named ? named : await OutputAsync("git", "-C", context.Root, "rev-parse", "--short", "HEAD");
        var dirty = (await OutputAsync("git", "-C", context.Root, "status", "--porcelain")).Length > 0 ? " with uncommitted changes" : "";
        commit = commit.Length == 0 ? "unknown" : commit;
        var opcua = "?";
        var package = Path.Combine(context.Root, "plc-sim", "node_modules", "node-opcua-server", "package.json");
        if (File.Exists(package))
        {
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(package));
            opcua = doc.RootElement.GetProperty("version").GetString() ?? "?";
        }

        var command = "dotnet run -c Release --project tests/SmartShop.Fleet.Bench" + (args.Length > 0 ? " -- " + string.Join(' ', args) : "");
        return string.Create(CultureInfo.InvariantCulture, $"""
            # Fleet bench run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC

            `{command}`

            {Environment.ProcessorCount} cores ({cpu}), {long.Parse(memory, CultureInfo.InvariantCulture) / 1024 / 1024} GiB, {RuntimeInformation.OSDescription}; {RuntimeInformation.FrameworkDescription} (server: Release build, Production environment), Node {node}, node-opcua {opcua}, {chromium}; commit {commit}{dirty}. Load average at the start: {ProcFs.LoadAverage()}. Modes: {string.Join(", ", o.Modes)}; {o.Machines:#,0} machines ({o.Lines} lines of {o.PerLine}); server {context.ServerDll}.

            """);
    }

    private static async Task<string> OutputAsync(string fileName, params string[] arguments)
    {
        try
        {
            var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in arguments)
            {
                info.ArgumentList.Add(a);
            }

            using var process = Process.Start(info)!;
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return text.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}
