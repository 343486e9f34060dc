using System.Globalization;

namespace SmartShop.Trace.Bench;

/// <summary>What to measure, on which databases and how much; parsed from the command line (see <see cref="Usage"/>).</summary>
public sealed record BenchOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project tests/SmartShop.Trace.Bench -- [options]

          --mode MODE          completions, trace or all (default all)
          --db DB              postgres, sqlite or both (default both; postgres first)
          --concurrency LIST   completions: clients posting units at once, one phase each (default 1,4,16)
          --seconds S          completions: measured seconds per phase, after a 2 s warm-up (default 10)
          --lots MODE          completions: shared (every client scans the line's same two lots, default) or
                               per-client (each client its own two lots: no two completions touch the same lot)
          --units N            trace: units in the generated history (default 50,000)
          --links N            trace: genealogy links in the generated history, about 5 per unit (default 250,000)
          --samples N          trace: timed requests per kind of query (default 200; wide forward traces 1/10 of it)
          --issue-scale        the issue's figures: --units 1000000 --links 5000000 --seconds 30
          --seed N             the history generator's seed (default 42)
          --output FILE        also write the Markdown report to FILE
          --keep               keep the SQLite files and print where they are

        The server is the real one (WebApplicationFactory<Program> on Kestrel, 127.0.0.1, a free port), started on a
        fresh database per mode and provider. PostgreSQL: the throwaway cluster the server tests start (Debian's
        binaries, or SMARTSHOP_TEST_POSTGRES). Progress goes to stderr, the Markdown report to stdout.
        """;

    public IReadOnlyList<string> Modes { get; init; } = ["completions", "trace"];

    public IReadOnlyList<string> Databases { get; init; } = ["postgres", "sqlite"];

    public IReadOnlyList<int> Concurrency { get; init; } = [1, 4, 16];

    public TimeSpan Phase { get; init; } = TimeSpan.FromSeconds(10);

    public bool SharedLots { get; init; } = true;

    public int Units { get; init; } = 50_000;

    public long Links { get; init; } = 250_000;

    public int Samples { get; init; } = 200;

    public int Seed { get; init; } = 42;

    public string? Output { get; init; }

    public bool Keep { get; init; }

    /// <summary>The options, or the reason they are not understood.</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{name} needs a value.");
            int Int() => int.Parse(Value().Replace(",", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
            try
            {
                o = name switch
                {
                    "--mode" => o with
                    {
                        Modes = Value() switch
                        {
                            "all" => ["completions", "trace"],
                            "completions" => ["completions"],
                            "trace" => ["trace"],
                            var m => throw new FormatException($"--mode is completions, trace or all, not '{m}'."),
                        },
                    },
                    "--db" => o with
                    {
                        Databases = Value() switch
                        {
                            "both" => ["postgres", "sqlite"],
                            "postgres" => ["postgres"],
                            "sqlite" => ["sqlite"],
                            var d => throw new FormatException($"--db is postgres, sqlite or both, not '{d}'."),
                        },
                    },
                    "--concurrency" => o with { Concurrency = [.. Value().Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))] },
                    "--seconds" => o with { Phase = TimeSpan.FromSeconds(Int()) },
                    "--lots" => o with
                    {
                        SharedLots = Value() switch
                        {
                            "shared" => true,
                            "per-client" => false,
                            var l => throw new FormatException($"--lots is shared or per-client, not '{l}'."),
                        },
                    },
                    "--units" => o with { Units = Int() },
                    "--links" => o with { Links = Int() },
                    "--samples" => o with { Samples = Int() },
                    "--issue-scale" => o with { Units = 1_000_000, Links = 5_000_000, Phase = TimeSpan.FromSeconds(30) },
                    "--seed" => o with { Seed = Int() },
                    "--output" => o with { Output = Value() },
                    "--keep" => o with { Keep = true },
                    _ => throw new FormatException($"Unknown option {name}."),
                };
            }
            catch (FormatException ex)
            {
                return (null, ex.Message);
            }
        }

        if (o.Concurrency.Count == 0 || o.Concurrency.Any(c => c is < 1 or > 256))
        {
            return (null, "--concurrency takes 1 to 256 clients per phase.");
        }

        if (o.Units < 1000 || o.Links < o.Units)
        {
            return (null, "--units is at least 1000 and --links at least --units.");
        }

        return (o, null);
    }
}
