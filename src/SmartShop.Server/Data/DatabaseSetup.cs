using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using SmartShop.Grains.Storage;

namespace SmartShop.Server.Data;

public static class DatabaseSetup
{
    /// <summary>Registers the database chosen by <c>SmartShop:Database</c>, its schema migrator, grain storage and readiness check.</summary>
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        // Resolved when first needed (at the latest by the start-up migration), so configuration added after this
        // call, as test hosts do, is honoured; a bad setting fails start-up with a message naming the key.
        builder.Services.AddSingleton(services =>
        {
            var configuration = services.GetRequiredService<IConfiguration>();
            var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
            options.DataDirectory ??= configuration["SmartShop:DataDirectory"];
            return Resolve(options);
        });
        builder.Services.AddSingleton<WriterQueue>();
        builder.Services.AddDbContextFactory<SmartShopDb>((services, db) => Configure(db, services.GetRequiredService<ResolvedDatabase>()));
        builder.Services.AddScoped<SchemaMigrator>();
        builder.Services.AddKeyedSingleton<IGrainStorage, DatabaseGrainStorage>(DatabaseGrainStorage.Name);
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return builder;
    }

    /// <summary>Applies pending schema scripts before the server accepts requests.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken: cancellationToken);
    }

    public static void Configure(DbContextOptionsBuilder db, ResolvedDatabase database)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            db.UseSqlite(database.ConnectionString);
        }
        else
        {
            db.UseNpgsql(database.ConnectionString);
        }
    }

    /// <summary>Checks the options and turns them into a provider and a connection string, or says which key is wrong.</summary>
    public static ResolvedDatabase Resolve(DatabaseOptions options)
    {
        if (!Enum.TryParse<DatabaseProvider>(options.Provider, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
        {
            throw new DatabaseConfigurationException(
                $"Configuration key '{DatabaseOptions.Section}:Provider' is '{options.Provider}'; expected 'Sqlite' or 'PostgreSql'.");
        }

        if (provider == DatabaseProvider.PostgreSql)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new DatabaseConfigurationException(
                    $"Configuration key '{DatabaseOptions.Section}:ConnectionString' is required when the provider is PostgreSql " +
                    "(e.g. Host=127.0.0.1;Port=5432;Database=smartshop;Username=smartshop;Password=...).");
            }

            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException ex)
            {
                throw new DatabaseConfigurationException($"Configuration key '{DatabaseOptions.Section}:ConnectionString' is not a valid PostgreSQL connection string: {ex.Message}");
            }

            return new ResolvedDatabase(provider, options.ConnectionString, null);
        }

        SqliteConnectionStringBuilder sqlite;
        try
        {
            sqlite = new SqliteConnectionStringBuilder(options.ConnectionString ?? string.Empty);
        }
        catch (ArgumentException ex)
        {
            throw new DatabaseConfigurationException($"Configuration key '{DatabaseOptions.Section}:ConnectionString' is not a valid SQLite connection string: {ex.Message}");
        }

        if (string.IsNullOrWhiteSpace(sqlite.DataSource))
        {
            var directory = ResolveDataDirectory(options.DataDirectory);
            sqlite.DataSource = Path.Combine(directory, "smartshop.db");
        }

        if (sqlite.DataSource != ":memory:" && sqlite.Mode != SqliteOpenMode.Memory)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(sqlite.DataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                try
                {
                    Directory.CreateDirectory(folder);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new DatabaseConfigurationException($"Cannot create the data directory '{folder}' for the SQLite database: {ex.Message}");
                }
            }
        }

        // Writers wait (rather than fail with SQLITE_BUSY) while another connection commits.
        if (sqlite.DefaultTimeout < 30)
        {
            sqlite.DefaultTimeout = 30;
        }

        sqlite.Pooling = true;
        return new ResolvedDatabase(provider, sqlite.ToString(), sqlite.DataSource);
    }

    /// <summary>
    /// The folder for SmartShop's local files (embedded database, OPC UA PKI): the configured one, else
    /// <c>$SMARTSHOP_DATA</c>, else the user's local application data folder + <c>/smartshop</c>.
    /// </summary>
    public static string ResolveDataDirectory(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("SMARTSHOP_DATA");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        return Path.Combine(string.IsNullOrEmpty(local) ? Path.GetTempPath() : local, "smartshop");
    }
}

/// <summary>The database in use: provider, full connection string, and for SQLite the database file.</summary>
public sealed record ResolvedDatabase(DatabaseProvider Provider, string ConnectionString, string? SqliteFile)
{
    /// <summary>Connection string without secrets, for logs and the start-up banner.</summary>
    public string Describe() => Provider == DatabaseProvider.Sqlite
        ? $"SQLite {SqliteFile}"
        : $"PostgreSQL {Redacted(ConnectionString)}";

    private static string Redacted(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{b.Host}:{b.Port}/{b.Database} as {b.Username}";
    }
}

public sealed class DatabaseConfigurationException(string message) : Exception(message);

/// <summary>Ready when the database answers and its schema is at the version this build expects.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<SmartShopDb> factory, ResolvedDatabase database, IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var migrator = ActivatorUtilities.CreateInstance<SchemaMigrator>(services, db);
            var version = await migrator.CurrentVersionAsync(cancellationToken);
            var expected = SchemaMigrator.LatestVersion(database.Provider);
            return version == expected
                ? HealthCheckResult.Healthy($"{database.Provider} schema version {version}")
                : HealthCheckResult.Unhealthy($"{database.Provider} schema version {version}, expected {expected}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{database.Provider} unreachable: {ex.Message}");
        }
    }
}
