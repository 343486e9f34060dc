using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SmartShop.Fleet.Bench;

/// <summary>What every part of a run shares: options, folders, the report being written, progress and cancellation.</summary>
public sealed class BenchContext(BenchOptions options, string root, string work, CancellationToken cancellation)
{
    private readonly Stopwatch _started = Stopwatch.StartNew();

    public BenchOptions Options { get; } = options;

    /// <summary>The repository root (where SmartShop.sln is).</summary>
    public string Root { get; } = root;

    /// <summary>The run's temp folder: databases, plant file, logs.</summary>
    public string Work { get; } = work;

    public string Logs => Directory.CreateDirectory(Path.Combine(Work, "logs")).FullName;

    public CancellationToken Cancellation { get; } = cancellation;

    public StringBuilder Report { get; } = new();

    public TimeSpan Elapsed => _started.Elapsed;

    public void Progress(string message) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_started.Elapsed.TotalSeconds,6:0}s] {message}"));

    public string ServerDll => Options.ServerDll ?? Path.Combine(Root, "src", "SmartShop.Server", "bin", "Release", "net10.0", "smartshop.dll");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SmartShop.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the bench inside the SmartShop repository (SmartShop.sln not found).");
    }
}
