using System.Runtime.InteropServices;

namespace SmartShop.Trace.Bench;

/// <summary>
/// Issue 6's benchmarks: unit completions under concurrent stations, and trace queries on a generated history, on
/// PostgreSQL and SQLite. See RESULTS.md for the method and the figures.
///   dotnet run -c Release --project tests/SmartShop.Trace.Bench -- [options]   (--help lists them)
/// Not top-level statements: their generated Program would hide the server's, which WebApplicationFactory starts.
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["--help" or "-h"])
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }

        var (options, error) = BenchOptions.Parse(args);
        if (options is null)
        {
            await Console.Error.WriteLineAsync(error);
            await Console.Error.WriteLineAsync(BenchOptions.Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        // SIGTERM too: the in-process server's host would otherwise take it and stop only itself.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancel.Cancel();
        });

        string report;
        try
        {
            report = await TraceBenchRun.RunAsync(options, cancel.Token);
        }
        catch (Exception ex)
        {
            // Caught, not left unhandled: only a normal exit runs the exit handlers that stop the PostgreSQL cluster.
            await Console.Error.WriteLineAsync(ex is OperationCanceledException ? "Stopped." : $"The bench failed: {ex}");
            return 1;
        }

        Console.WriteLine(report);
        if (options.Output is { } output)
        {
            await File.WriteAllTextAsync(output, report);
        }

        return 0;
    }
}
