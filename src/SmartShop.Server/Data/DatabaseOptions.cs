namespace SmartShop.Server.Data;

/// <summary>Which database holds SmartShop's data. Bound from configuration section <c>SmartShop:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "SmartShop:Database";

    /// <summary><c>Sqlite</c> (default, embedded, a file in the data directory) or <c>PostgreSql</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>
    /// ADO.NET connection string. Optional for SQLite (default: <c>smartshop.db</c> in the data directory);
    /// required for PostgreSQL, e.g. <c>Host=127.0.0.1;Port=5432;Database=smartshop;Username=smartshop;Password=…</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Folder for the embedded database and other local files. Default: <c>$SMARTSHOP_DATA</c>, else the user's
    /// local application data folder + <c>/smartshop</c> (on Linux <c>~/.local/share/smartshop</c>).
    /// Bound from <c>SmartShop:DataDirectory</c>.
    /// </summary>
    public string? DataDirectory { get; set; }
}

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}
