using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace SmartShop.Server.Data;

/// <summary>
/// Brings the database schema to the version this build expects, at start-up, on both providers.
/// Migrations are versioned SQL scripts embedded per provider (Data/Schema/{sqlite,postgres}/NNNN_name.sql):
/// EF Core's design-time tooling cannot be restored here, and plain SQL is what a plant's DBA can read and review.
/// Each script runs in its own transaction together with its row in <c>schema_version</c>, so a failed script
/// leaves the database at the previous version with nothing half-applied. Concurrent starters are serialised
/// (PostgreSQL: an advisory transaction lock; SQLite: BEGIN IMMEDIATE).
/// </summary>
public sealed partial class SchemaMigrator(SmartShopDb db, ResolvedDatabase database, TimeProvider clock, ILogger<SchemaMigrator> logger)
{
    private readonly DatabaseProvider provider = database.Provider;

    // Arbitrary constant shared by every SmartShop node: key of the PostgreSQL advisory lock for migrations.
    private const long MigrationLockKey = 0x5353_4D49_4752; // "SSMIGR"

    // Read once per provider: the readiness probe asks for the latest version on every call.
    private static readonly Lazy<IReadOnlyList<SchemaScript>> SqliteScripts = new(() => LoadScripts(DatabaseProvider.Sqlite));
    private static readonly Lazy<IReadOnlyList<SchemaScript>> PostgresScripts = new(() => LoadScripts(DatabaseProvider.PostgreSql));

    public static IReadOnlyList<SchemaScript> Scripts(DatabaseProvider provider) =>
        provider == DatabaseProvider.Sqlite ? SqliteScripts.Value : PostgresScripts.Value;

    private static IReadOnlyList<SchemaScript> LoadScripts(DatabaseProvider provider)
    {
        var folder = provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres";
        var prefix = $"SmartShop.Server.Data.Schema.{folder}.";
        var assembly = typeof(SchemaMigrator).Assembly;
        var scripts = new List<SchemaScript>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var file = name[prefix.Length..];
            var match = ScriptName().Match(file);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Schema script '{file}' is not named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            scripts.Add(new SchemaScript(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Schema scripts for {provider} must be numbered 1..N without gaps; found {scripts[i].Version} at position {i + 1}.");
            }
        }

        return scripts;
    }

    /// <summary>The schema version this build brings databases to.</summary>
    public static int LatestVersion(DatabaseProvider provider) => Scripts(provider).Count;

    /// <summary>Applies pending scripts up to <paramref name="targetVersion"/> (default: latest). Returns the versions applied.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(int? targetVersion = null, CancellationToken cancellationToken = default)
    {
        var scripts = Scripts(provider);
        var target = targetVersion ?? scripts.Count;
        var applied = new List<int>();
        var connection = db.Database.GetDbConnection();
        var openedHere = connection.State != System.Data.ConnectionState.Open;
        if (openedHere)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            if (provider == DatabaseProvider.Sqlite)
            {
                await UseWriteAheadLogAsync(connection, cancellationToken);
            }

            await EnsureVersionTableAsync(connection, cancellationToken);
            foreach (var script in scripts.Where(s => s.Version <= target))
            {
                if (await ApplyIfPendingAsync(connection, script, cancellationToken))
                {
                    applied.Add(script.Version);
                }
            }

            var current = await CurrentVersionAsync(connection, cancellationToken);
            if (current > scripts.Count)
            {
                throw new InvalidOperationException(
                    $"The database schema is at version {current}, newer than this build of SmartShop knows ({scripts.Count}). " +
                    "Run a SmartShop release at least as new as the one that upgraded this database.");
            }
        }
        finally
        {
            if (openedHere)
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        if (applied.Count > 0)
        {
            logger.LogInformation("Database schema upgraded on {Provider}: applied versions {Versions}", provider, string.Join(", ", applied));
        }

        return applied;
    }

    /// <summary>The version recorded in the database (0 when no schema exists yet).</summary>
    public async Task<int> CurrentVersionAsync(CancellationToken cancellationToken = default)
    {
        var connection = db.Database.GetDbConnection();
        var openedHere = connection.State != System.Data.ConnectionState.Open;
        if (openedHere)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            return await VersionTableExistsAsync(connection, cancellationToken)
                ? await CurrentVersionAsync(connection, cancellationToken)
                : 0;
        }
        finally
        {
            if (openedHere)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>
    /// Puts the SQLite file in write-ahead-log mode (recorded in the file, so once is enough). In the default rollback
    /// journal every commit syncs the journal and the database and a reader blocks every writer; with 1,000 machines
    /// saving their ledgers that capped SQLite at about 160-360 small transactions a second here, and one 30-day history
    /// query stopped all saves while it read. In WAL a commit appends to the log (one sync), readers and the writer do
    /// not block each other, and a crash loses no committed transaction. The -wal and -shm files belong to the database:
    /// copy all three (or use SQLite's backup) and keep the file on a local disk.
    /// </summary>
    private static async Task UseWriteAheadLogAsync(DbConnection connection, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode = WAL";
        await cmd.ExecuteScalarAsync(ct); // "memory" for an in-memory database, which has no journal file to change
    }

    private async Task EnsureVersionTableAsync(DbConnection connection, CancellationToken ct)
    {
        var sql = provider == DatabaseProvider.Sqlite
            ? "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            : "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)";
        if (provider == DatabaseProvider.PostgreSql)
        {
            // Two nodes starting together would race on CREATE TABLE IF NOT EXISTS; take the lock first.
            await using var tx = await connection.BeginTransactionAsync(ct);
            await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", ct);
            await ExecuteAsync(connection, tx, sql, ct);
            await tx.CommitAsync(ct);
        }
        else
        {
            await ExecuteAsync(connection, null, sql, ct);
        }
    }

    private async Task<bool> ApplyIfPendingAsync(DbConnection connection, SchemaScript script, CancellationToken ct)
    {
        await using var tx = provider == DatabaseProvider.Sqlite
            ? await BeginImmediateAsync(connection, ct)
            : await connection.BeginTransactionAsync(ct);
        if (provider == DatabaseProvider.PostgreSql)
        {
            await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", ct);
        }

        await using (var check = connection.CreateCommand())
        {
            check.Transaction = tx;
            check.CommandText = $"SELECT COUNT(*) FROM schema_version WHERE version = {script.Version}";
            if (Convert.ToInt64(await check.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                await tx.RollbackAsync(ct);
                return false;
            }
        }

        try
        {
            await ExecuteAsync(connection, tx, script.Sql, ct);
        }
        catch (DbException ex)
        {
            throw new InvalidOperationException($"Schema script {script.Version:D4}_{script.Name}.sql failed on {provider}: {ex.Message}", ex);
        }

        await using (var record = connection.CreateCommand())
        {
            record.Transaction = tx;
            record.CommandText = "INSERT INTO schema_version (version, name, applied_at) VALUES (@v, @n, @t)";
            AddParameter(record, "@v", script.Version);
            AddParameter(record, "@n", script.Name);
            AddParameter(record, "@t", provider == DatabaseProvider.Sqlite ? clock.GetUtcNow().ToString("O") : clock.GetUtcNow());
            await record.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return true;
    }

    // Microsoft.Data.Sqlite's BeginTransaction(deferred: false) issues BEGIN IMMEDIATE: the write lock is taken at
    // once, so two processes cannot both see a script as pending.
    private static Task<DbTransaction> BeginImmediateAsync(DbConnection connection, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var sqlite = (Microsoft.Data.Sqlite.SqliteConnection)connection;
        return Task.FromResult<DbTransaction>(sqlite.BeginTransaction(deferred: false));
    }

    private async Task<bool> VersionTableExistsAsync(DbConnection connection, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = provider == DatabaseProvider.Sqlite
            ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
            : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_version'";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static async Task<int> CurrentVersionAsync(DbConnection connection, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex ScriptName();
}

public sealed record SchemaScript(int Version, string Name, string Sql);
