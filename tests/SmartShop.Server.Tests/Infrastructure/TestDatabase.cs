using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using SmartShop.Server.Data;
using SmartShop.Testing;

namespace SmartShop.Server.Tests.Infrastructure;

/// <summary>A fresh, empty database of either provider, for one test.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _directory;

    private TestDatabase(ResolvedDatabase database, string? directory)
    {
        Database = database;
        _directory = directory;
    }

    public ResolvedDatabase Database { get; }

    public DatabaseProvider Provider => Database.Provider;

    /// <summary>The configuration a WebApplicationFactory needs to point the server at this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["SmartShop:Database:Provider"] = Provider.ToString(),
        ["SmartShop:Database:ConnectionString"] = Database.ConnectionString,
    };

    public static async Task<TestDatabase> CreateAsync(string provider)
    {
        if (provider == "sqlite")
        {
            var directory = Directory.CreateTempSubdirectory("smartshop-test-").FullName;
            var resolved = DatabaseSetup.Resolve(new DatabaseOptions { Provider = "Sqlite", DataDirectory = directory });
            return new TestDatabase(resolved, directory);
        }

        var connectionString = await PostgresServer.CreateDatabaseAsync();
        return new TestDatabase(DatabaseSetup.Resolve(new DatabaseOptions { Provider = "PostgreSql", ConnectionString = connectionString }), null);
    }

    public SmartShopDb CreateContext()
    {
        var options = new DbContextOptionsBuilder<SmartShopDb>();
        DatabaseSetup.Configure(options, Database);
        return new SmartShopDb(options.Options);
    }

    public IDbContextFactory<SmartShopDb> Factory() => new ContextFactory(this);

    public SchemaMigrator Migrator(SmartShopDb db, TimeProvider? clock = null) =>
        new(db, Database, clock ?? new FakeTimeProvider(), NullLogger<SchemaMigrator>.Instance);

    public async Task MigrateAsync(int? version = null)
    {
        await using var db = CreateContext();
        await Migrator(db).MigrateAsync(version);
    }

    public ValueTask DisposeAsync()
    {
        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A pooled handle may still be closing; the temp folder is cleaned by the OS later.
            }
        }

        return ValueTask.CompletedTask;
    }

    private sealed class ContextFactory(TestDatabase owner) : IDbContextFactory<SmartShopDb>
    {
        public SmartShopDb CreateDbContext() => owner.CreateContext();
    }
}

/// <summary>Both providers, for [Theory] [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))].</summary>
public static class Providers
{
    public static TheoryData<string> Both => new() { "sqlite", "postgres" };
}
