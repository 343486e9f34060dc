using SmartShop.Server.Data;

namespace SmartShop.Server.Tests.Data;

public sealed class DatabaseSetupTests
{
    [Fact]
    public void Resolve_UnknownProvider_NamesKeyAndAllowedValues()
    {
        var error = Assert.Throws<DatabaseConfigurationException>(() => DatabaseSetup.Resolve(new DatabaseOptions { Provider = "Oracle" }));

        Assert.Contains("SmartShop:Database:Provider", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Oracle'", error.Message, StringComparison.Ordinal);
        Assert.Contains("PostgreSql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_PostgreSqlWithoutConnectionString_NamesKey()
    {
        var error = Assert.Throws<DatabaseConfigurationException>(() => DatabaseSetup.Resolve(new DatabaseOptions { Provider = "postgresql" }));

        Assert.Contains("SmartShop:Database:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_PostgreSqlMalformedConnectionString_NamesKey()
    {
        var error = Assert.Throws<DatabaseConfigurationException>(() =>
            DatabaseSetup.Resolve(new DatabaseOptions { Provider = "PostgreSql", ConnectionString = "Hots=oops;=;" }));

        Assert.Contains("SmartShop:Database:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SqliteDefault_PutsDatabaseFileInDataDirectoryAndCreatesIt()
    {
        var directory = Path.Combine(Path.GetTempPath(), "smartshop-setup-" + Guid.NewGuid().ToString("N"), "nested");
        try
        {
            var resolved = DatabaseSetup.Resolve(new DatabaseOptions { DataDirectory = directory });

            Assert.Equal(DatabaseProvider.Sqlite, resolved.Provider);
            Assert.Equal(Path.Combine(directory, "smartshop.db"), resolved.SqliteFile);
            Assert.True(Directory.Exists(directory));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
        }
    }
}
