using Microsoft.Data.Sqlite;
using Npgsql;
using SmartShop.Server.Data;
using SmartShop.Server.Tests.Infrastructure;

namespace SmartShop.Trace.Bench;

/// <summary>
/// A fresh database for one part of the run: a new database in the throwaway PostgreSQL cluster (pooled connections,
/// as a deployment would have), or a new SQLite file in a temp folder.
/// </summary>
public sealed class BenchDatabase : IDisposable
{
    private readonly string? _folder;
    private readonly bool _keep;

    private BenchDatabase(DatabaseProvider provider, string connectionString, string? folder, bool keep)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _folder = folder;
        _keep = keep;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public string Name => Provider == DatabaseProvider.PostgreSql ? "PostgreSQL" : "SQLite";

    public static async Task<BenchDatabase> CreateAsync(string provider, bool keep)
    {
        if (provider == "postgres")
        {
            // The test helper's databases are unpooled (each test opens few connections); the server pools here.
            var created = new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync()) { Pooling = true, MaxPoolSize = 100 };
            return new BenchDatabase(DatabaseProvider.PostgreSql, created.ToString(), null, keep);
        }

        var folder = Directory.CreateTempSubdirectory("smartshop-trace-bench-").FullName;
        var file = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "smartshop.db") };
        return new BenchDatabase(DatabaseProvider.Sqlite, file.ToString(), folder, keep);
    }

    /// <summary>What the cluster is and how it is set, for the report (PostgreSQL), or the SQLite library's version.</summary>
    public async Task<string> DescribeAsync()
    {
        if (Provider == DatabaseProvider.PostgreSql)
        {
            await using var pg = new NpgsqlConnection(ConnectionString);
            await pg.OpenAsync();
            var parts = new List<string>();
            foreach (var setting in new[] { "server_version", "fsync", "synchronous_commit", "shared_buffers", "work_mem" })
            {
                await using var cmd = new NpgsqlCommand($"SHOW {setting}", pg);
                parts.Add($"{setting} {await cmd.ExecuteScalarAsync()}");
            }

            return $"PostgreSQL ({string.Join(", ", parts)})";
        }

        await using var sqlite = new SqliteConnection(ConnectionString);
        await sqlite.OpenAsync();
        await using var version = new SqliteCommand("SELECT sqlite_version()", sqlite);
        return $"SQLite {await version.ExecuteScalarAsync()} (WAL, file {ConnectionStringFile()})";
    }

    private string ConnectionStringFile() => new SqliteConnectionStringBuilder(ConnectionString).DataSource;

    public void Dispose()
    {
        if (_folder is null)
        {
            return;
        }

        SqliteConnection.ClearAllPools();
        if (_keep)
        {
            Console.Error.WriteLine($"kept {_folder}");
            return;
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A handle still closing: the temp folder goes with the OS's cleaning.
        }
    }
}
