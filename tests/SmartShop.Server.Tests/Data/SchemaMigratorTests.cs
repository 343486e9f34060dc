using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using SmartShop.Server.Data;
using SmartShop.Server.Tests.Infrastructure;

namespace SmartShop.Server.Tests.Data;

public sealed class SchemaMigratorTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Migrate_EmptyDatabase_ReachesLatestVersion(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.CreateContext();
        var migrator = test.Migrator(db);

        var applied = await migrator.MigrateAsync();

        var latest = SchemaMigrator.LatestVersion(test.Provider);
        Assert.Equal(Enumerable.Range(1, latest), applied);
        Assert.Equal(latest, await migrator.CurrentVersionAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Migrate_SecondRun_AppliesNothing(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await test.MigrateAsync();
        await using var db = test.CreateContext();

        var applied = await test.Migrator(db).MigrateAsync();

        Assert.Empty(applied);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Migrate_OlderSchemaWithRows_UpgradesAndKeepsRows(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await test.MigrateAsync(version: 1);
        await using (var v1 = test.CreateContext())
        {
            // Written as the version-1 release would have: plain SQL against the version-1 table.
            var updatedAt = provider == "sqlite" ? "'2026-01-05 06:00:00+00:00'" : "TIMESTAMPTZ '2026-01-05 06:00:00+00'";
            await ExecuteAsync(v1,
                "INSERT INTO grain_state (grain_type, grain_key, state_name, payload, version, updated_at) " +
                $"VALUES ('machine', 'l1-lathe', 'status', '{{\"state\":\"Running\"}}', 7, {updatedAt})");
            Assert.Equal(1, await test.Migrator(v1).CurrentVersionAsync());
        }

        await using var db = test.CreateContext();
        var applied = await test.Migrator(db).MigrateAsync();

        Assert.Equal(Enumerable.Range(2, SchemaMigrator.LatestVersion(test.Provider) - 1), applied);
        var row = await db.GrainStates.AsNoTracking().SingleAsync();
        Assert.Equal(("machine", "l1-lathe", "status", 7L), (row.GrainType, row.GrainKey, row.StateName, row.Version));
        Assert.Equal("{\"state\":\"Running\"}", row.Payload);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 6, 0, 0, TimeSpan.Zero), row.UpdatedAt);
        db.PlantRevisions.Add(new PlantRevisionRow { Sha256 = "abc", SourceFile = "demo.yaml", Content = "x: 1", LoadedAt = row.UpdatedAt });
        await db.SaveChangesAsync();
        Assert.Equal(1, await db.PlantRevisions.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Migrate_DatabaseNewerThanBuild_RefusesNamingBothVersions(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await test.MigrateAsync();
        await using var db = test.CreateContext();
        var future = SchemaMigrator.LatestVersion(test.Provider) + 1;
        var appliedAt = provider == "sqlite" ? "'2030-01-01T00:00:00Z'" : "now()";
        await ExecuteAsync(db, $"INSERT INTO schema_version (version, name, applied_at) VALUES ({future}, 'from_the_future', {appliedAt})");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => test.Migrator(db).MigrateAsync());

        Assert.Contains($"version {future}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"({future - 1})", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Migrate_ConcurrentStarters_ApplyEachScriptOnce(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var contexts = Enumerable.Range(0, 4).Select(_ => test.CreateContext()).ToList();
        try
        {
            var results = await Task.WhenAll(contexts.Select(db => Task.Run(() => test.Migrator(db).MigrateAsync())));

            var all = results.SelectMany(r => r).OrderBy(v => v).ToList();
            Assert.Equal(Enumerable.Range(1, SchemaMigrator.LatestVersion(test.Provider)), all);
        }
        finally
        {
            foreach (var db in contexts)
            {
                await db.DisposeAsync();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Model_AfterMigration_MatchesDatabaseColumns(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await test.MigrateAsync();
        await using var db = test.CreateContext();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();

        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, entity.GetSchema());
            var modelColumns = entity.GetProperties().Select(p => p.GetColumnName(store)!).OrderBy(c => c, StringComparer.Ordinal).ToList();
            var databaseColumns = await ColumnsAsync(connection, provider, table);
            Assert.True(modelColumns.SequenceEqual(databaseColumns),
                $"Table {table}: model has [{string.Join(", ", modelColumns)}], database has [{string.Join(", ", databaseColumns)}]");
        }
    }

    [Fact]
    public async Task Migrate_Sqlite_LeavesTheFileInWriteAheadLogMode()
    {
        await using var test = await TestDatabase.CreateAsync("sqlite");

        await test.MigrateAsync();

        // Read on a new connection: the mode is recorded in the file, for every connection after it.
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(test.Database.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await cmd.ExecuteScalarAsync());
    }

    // Test-authored literal SQL (JSON braces included), run as is on the context's connection.
    private static async Task ExecuteAsync(SmartShopDb db, string sql)
    {
        await db.Database.OpenConnectionAsync();
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> ColumnsAsync(DbConnection connection, string provider, string table)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = provider == "sqlite"
            ? $"SELECT name FROM pragma_table_info('{table}')"
            : $"SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}'";
        var columns = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
        }

        columns.Sort(StringComparer.Ordinal);
        return columns;
    }
}
