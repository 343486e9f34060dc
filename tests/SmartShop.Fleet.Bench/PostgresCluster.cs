using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace SmartShop.Fleet.Bench;

/// <summary>
/// A throwaway PostgreSQL cluster from the machine's server binaries (as the server tests start theirs): initdb in a
/// temp folder (as user postgres when the bench runs as root, since initdb refuses root), listening on 127.0.0.1 and a
/// free port, fsync off (the bench loads millions of rows; the queries it times only read). Stopped and deleted on
/// dispose.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _root;
    private readonly bool _asRoot;

    private PostgresCluster(string bin, string root, int port, bool asRoot)
    {
        _bin = bin;
        _root = root;
        Port = port;
        _asRoot = asRoot;
    }

    public int Port { get; }

    public string Version { get; private set; } = "?";

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    public static string? FindBinaries()
    {
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var newest = Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator)
            .FirstOrDefault(d => d.Length > 0 && File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    public static async Task<PostgresCluster> StartAsync(CancellationToken cancellationToken)
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException("PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's postgresql or pass --database sqlite.");
        // Its own temp folder, not inside the run's: the postgres user must reach it, and temp folders are private.
        var root = Directory.CreateTempSubdirectory("smartshop-fleet-pg-").FullName;
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["postgres", root], cancellationToken);
        }

        var cluster = new PostgresCluster(bin, root, BenchContext.FreePort(), asRoot);
        var data = Path.Combine(root, "data");
        Running[cluster] = true;
        try
        {
            await cluster.PgAsync("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "-N"], cancellationToken);
            await cluster.PgAsync("pg_ctl",
                [
                    "-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60",
                    "-o", $"-p {cluster.Port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off -c full_page_writes=off -c max_connections=200", "start",
                ],
                cancellationToken);
            await using var connection = new NpgsqlConnection(cluster.AdminConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using (var create = new NpgsqlCommand("CREATE DATABASE smartshop", connection))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var version = new NpgsqlCommand("SHOW server_version", connection))
            {
                cluster.Version = (string?)await version.ExecuteScalarAsync(cancellationToken) ?? "?";
            }
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>The database the server uses (pooled, as a deployment would be).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=smartshop";

    private Task PgAsync(string tool, string[] arguments, CancellationToken cancellationToken) =>
        _asRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments], cancellationToken)
            : RunAsync(Path.Combine(_bin, tool), arguments, cancellationToken);

    private static async Task RunAsync(string fileName, string[] arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/tmp" };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            var (output, errors) = (await stdout, await stderr);
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}: {output}{errors}"));
        }
    }

    /// <summary>Clusters running now, for <see cref="StopAll"/>.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<PostgresCluster, bool> Running = new();

    /// <summary>Stops every running cluster at once (process exit after Ctrl-C or a crash): pg_ctl daemonizes the server.</summary>
    public static void StopAll()
    {
        foreach (var cluster in Running.Keys)
        {
            try
            {
                cluster.PgAsync("pg_ctl", ["-D", Path.Combine(cluster._root, "data"), "-m", "immediate", "-w", "stop"], CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }

            Running.TryRemove(cluster, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Running.TryRemove(this, out _);
        try
        {
            await PgAsync("pg_ctl", ["-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop"], CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder goes with the run's.
        }
    }
}
