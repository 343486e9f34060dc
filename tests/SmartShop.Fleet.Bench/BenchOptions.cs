using System.Globalization;

namespace SmartShop.Fleet.Bench;

/// <summary>What to measure and how long; parsed from the command line (see <see cref="Usage"/>).</summary>
public sealed record BenchOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project tests/SmartShop.Fleet.Bench -- [options]

          --mode LIST            streaming, latency, browser, recompute or all (default all); a comma list runs several
          --machines N           simulated machines (default 1000), --per-line machines per line (default 10)
          --seconds S            streaming: the measuring window (default 60)
          --warmup S             after every machine reports source plc, before anything is measured (default 30)
          --samples N            latency: PLC changes timed through the SignalR hub (default 300)
          --watched N            latency: machines the hub client watches, changes go to these (default 50)
          --rate R               latency: at most R changes per second (default 3)
          --browser-samples N    browser: changes timed in headless Chromium (default 50)
          --browser-pages N      browser: machine pages open at once, one machine each (default 3)
          --publishing-ms MS     the connector's Plc:PublishingInterval (default 250)
          --sampling-ms MS       the connector's Plc:SamplingInterval, or "publishing" for the server's default (the
                                 publishing interval); default 0: every change as it happens, so that plc-sim, one
                                 process for all machines, does not poll 11 signals of every machine
          --security MODE        the connector's Plc:Security: none, sign, signandencrypt (default signandencrypt)
          --days D               recompute: days of generated ledger history (default 30)
          --runs N               recompute: timed runs per query after the first (default 2)
          --queries LIST         recompute: plant-none, plant-machine, plant-day, plant-shift, area-day, line-day,
                                 machine-shift (default all but plant-shift); while streaming only plant-day and
                                 line-day
          --database LIST        recompute: sqlite, postgres or both (default: both when initdb is on PATH)
          --reuse-history DIR    recompute: copy the SQLite history of a run kept with --keep (DIR/history.json and
                                 DIR/sqlite) instead of generating it; SQLite only
          --under-load           recompute (mode all): also time the queries while the fleet streams (default on
                                 in mode all; off alone, where the server runs without PLCs)
          --no-build             do not run `dotnet build -c Release src/SmartShop.Server` first
          --server-dll PATH      run this build of the server instead (e.g. another checkout, to compare); the UI is
                                 still served from src/SmartShop.Server/wwwroot
          --output FILE          also write the Markdown report to FILE
          --keep                 keep the temp folder (databases, logs, plant file) and print its path
          --seed N               plc-sim's seed and the history generator's (default 42)
          --node PATH            node executable (default node)
          --chromium PATH        Chromium executable (default /usr/bin/chromium)

        Mode all: history is generated first (SQLite), then plc-sim and the server run on that database: streaming,
        latency, browser, the history queries under load; then the queries again with the PLCs off, and on PostgreSQL.
        Progress goes to stderr, the Markdown report to stdout. Ctrl-C stops every process the bench started.
        """;

    public required IReadOnlySet<string> Modes { get; init; }

    public int Machines { get; init; } = 1000;

    public int PerLine { get; init; } = 10;

    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(30);

    public int Samples { get; init; } = 300;

    public int Watched { get; init; } = 50;

    public double Rate { get; init; } = 3;

    public int BrowserSamples { get; init; } = 50;

    public int BrowserPages { get; init; } = 3;

    public TimeSpan PublishingInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Plc:SamplingInterval, or null for the server's default (the publishing interval).</summary>
    public TimeSpan? SamplingInterval { get; init; } = TimeSpan.Zero;

    public string SamplingDescription => SamplingInterval is { } s
        ? s == TimeSpan.Zero ? "0 (every change as it happens)" : $"{s.TotalMilliseconds:0} ms"
        : $"the publishing interval ({PublishingInterval.TotalMilliseconds:0} ms, the server's default)";

    public string Security { get; init; } = "signandencrypt";

    public int Days { get; init; } = 30;

    public int Runs { get; init; } = 2;

    public IReadOnlyList<string> Queries { get; init; } = DefaultQueries;

    public static readonly IReadOnlyList<string> DefaultQueries = ["plant-none", "plant-machine", "plant-day", "area-day", "line-day", "machine-shift"];

    /// <summary>The queries timed while the fleet streams (each plant query reads every interval of the window).</summary>
    public static readonly IReadOnlyList<string> UnderLoadQueries = ["plant-day", "line-day"];

    public required IReadOnlySet<string> Databases { get; init; }

    public bool UnderLoad { get; init; }

    /// <summary>A kept run's folder whose SQLite history is copied instead of generated.</summary>
    public string? ReuseHistory { get; init; }

    public bool Build { get; init; } = true;

    /// <summary>Another build of the server to run (null: this repository's Release build).</summary>
    public string? ServerDll { get; init; }

    public string? Output { get; init; }

    public bool Keep { get; init; }

    public int Seed { get; init; } = 42;

    public string Node { get; init; } = "node";

    public string Chromium { get; init; } = "/usr/bin/chromium";

    public int Lines => Machines / PerLine;

    public bool Includes(string mode) => Modes.Contains("all") || Modes.Contains(mode);

    /// <summary>The streaming fleet (plc-sim + server with PLCs) is needed by these modes.</summary>
    public bool NeedsFleet => Includes("streaming") || Includes("latency") || Includes("browser");

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        string[] flags = ["--no-build", "--keep", "--under-load", "--help"];
        for (var i = 0; i < args.Length; i++)
        {
            if (flags.Contains(args[i]))
            {
                values[args[i]] = null;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                values[args[i]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.\n\n{Usage}");
            }
        }

        string[] known =
        [
            "--mode", "--machines", "--per-line", "--seconds", "--warmup", "--samples", "--watched", "--rate", "--browser-samples",
            "--browser-pages", "--publishing-ms", "--sampling-ms", "--security", "--days", "--runs", "--database", "--output", "--seed", "--node",
            "--chromium", "--server-dll", "--reuse-history", "--queries", .. flags,
        ];
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            throw new ArgumentException($"Unknown option '{unknown}'.\n\n{Usage}");
        }

        double Number(string key, double fallback, double min, double max)
        {
            if (!values.TryGetValue(key, out var text))
            {
                return fallback;
            }

            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                ? n
                : throw new ArgumentException($"{key} must be a number from {min} to {max}, got '{text}'.");
        }

        string[] modes = ["streaming", "latency", "browser", "recompute", "all"];
        var chosen = (values.GetValueOrDefault("--mode") ?? "all").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (chosen.Length == 0 || chosen.Any(m => !modes.Contains(m)))
        {
            throw new ArgumentException($"--mode must be a comma list of {string.Join(", ", modes)}, got '{values["--mode"]}'.");
        }

        var postgresAvailable = PostgresCluster.FindBinaries() is not null && !values.ContainsKey("--reuse-history");
        var databases = (values.GetValueOrDefault("--database") ?? (postgresAvailable ? "sqlite,postgres" : "sqlite"))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d == "both" ? "sqlite,postgres" : d)
            .SelectMany(d => d.Split(','))
            .ToHashSet(StringComparer.Ordinal);
        if (databases.Count == 0 || databases.Any(d => d is not "sqlite" and not "postgres"))
        {
            throw new ArgumentException("--database must be sqlite, postgres or both.");
        }

        if (values.ContainsKey("--reuse-history") && databases.Contains("postgres"))
        {
            throw new ArgumentException("--reuse-history reuses SQLite history only: add --database sqlite.");
        }

        string[] queryIds = ["plant-none", "plant-machine", "plant-day", "plant-shift", "area-day", "line-day", "machine-shift"];
        if (values.GetValueOrDefault("--queries") is { } queryList && queryList.Split(',').Any(q => !queryIds.Contains(q.Trim())))
        {
            throw new ArgumentException($"--queries must be a comma list of {string.Join(", ", queryIds)}.");
        }

        var security = values.GetValueOrDefault("--security") ?? "signandencrypt";
        if (security is not "none" and not "sign" and not "signandencrypt")
        {
            throw new ArgumentException("--security must be none, sign or signandencrypt.");
        }

        var all = chosen.Contains("all");
        var machines = (int)Number("--machines", 1000, 1, 20000);
        var perLine = (int)Number("--per-line", 10, 1, 1000);
        if (machines % perLine != 0)
        {
            throw new ArgumentException($"--machines ({machines}) must be a multiple of --per-line ({perLine}): plc-sim's synthetic plant has full lines.");
        }

        return new BenchOptions
        {
            Modes = chosen.ToHashSet(StringComparer.Ordinal),
            Machines = machines,
            PerLine = perLine,
            Window = TimeSpan.FromSeconds(Number("--seconds", 60, 5, 86400)),
            Warmup = TimeSpan.FromSeconds(Number("--warmup", 30, 0, 3600)),
            Samples = (int)Number("--samples", 300, 1, 100000),
            Watched = (int)Number("--watched", 50, 1, 1000),
            Rate = Number("--rate", 3, 0.1, 20),
            BrowserSamples = (int)Number("--browser-samples", 50, 1, 10000),
            BrowserPages = (int)Number("--browser-pages", 3, 1, 20),
            PublishingInterval = TimeSpan.FromMilliseconds(Number("--publishing-ms", 250, 50, 10000)),
            SamplingInterval = values.GetValueOrDefault("--sampling-ms") == "publishing" ? null : TimeSpan.FromMilliseconds(Number("--sampling-ms", 0, 0, 10000)),
            Security = security,
            Days = (int)Number("--days", 30, 1, 400),
            Runs = (int)Number("--runs", 2, 1, 100),
            Queries = values.GetValueOrDefault("--queries") is { } q ? q.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : DefaultQueries,
            Databases = databases,
            UnderLoad = all || values.ContainsKey("--under-load"),
            Build = !values.ContainsKey("--no-build") && !values.ContainsKey("--server-dll"),
            ReuseHistory = values.GetValueOrDefault("--reuse-history") is { } reuse ? Path.GetFullPath(reuse) : null,
            ServerDll = values.GetValueOrDefault("--server-dll") is { } dll ? Path.GetFullPath(dll) : null,
            Output = values.GetValueOrDefault("--output"),
            Keep = values.ContainsKey("--keep"),
            Seed = (int)Number("--seed", 42, 0, int.MaxValue),
            Node = values.GetValueOrDefault("--node") ?? "node",
            Chromium = values.GetValueOrDefault("--chromium") ?? "/usr/bin/chromium",
        };
    }

    public static bool WantsHelp(string[] args) => args.Contains("--help") || args.Contains("-h");
}
