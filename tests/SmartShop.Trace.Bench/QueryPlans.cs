using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using SmartShop.Server.Data;

namespace SmartShop.Trace.Bench;

/// <summary>
/// The statements one trace request ran (recorded in the server), each with its time and its plan: PostgreSQL's
/// EXPLAIN (ANALYZE, BUFFERS) or SQLite's EXPLAIN QUERY PLAN, run again with the same SQL and the same values.
/// </summary>
public static class QueryPlans
{
    public static async Task<string> ExplainAsync(BenchServer server, string path, CancellationToken ct)
    {
        using var http = server.Client();
        server.Sql.Recording = true;
        try
        {
            using var response = await http.GetAsync(path, ct);
            response.EnsureSuccessStatusCode();
        }
        finally
        {
            server.Sql.Recording = false;
        }

        var text = new StringBuilder();
        foreach (var statement in server.Sql.Statements)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"-- {statement.Duration.TotalMilliseconds:0.0} ms in the request: {OneLine(statement.Sql)}");
            if (!OneLine(statement.Sql).StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) && !OneLine(statement.Sql).StartsWith("WITH", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var line in server.Database.Provider == DatabaseProvider.PostgreSql
                         ? await PostgresAsync(server.Database, statement, ct)
                         : await SqliteAsync(server.Database, statement, ct))
            {
                // Parameter values are printed in full in PostgreSQL's plans: a recall's lot list would fill pages.
                text.AppendLine(CultureInfo.InvariantCulture, $"   {(line.Length > 240 ? line[..240] + " ..." : line)}");
            }
        }

        return text.ToString();
    }

    private static string OneLine(string sql)
    {
        var line = string.Join(' ', sql.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
        return line.Length > 220 ? line[..220] + " ..." : line;
    }

    private static async Task<List<string>> PostgresAsync(BenchDatabase database, RecordedStatement statement, CancellationToken ct)
    {
        await using var pg = new NpgsqlConnection(database.ConnectionString);
        await pg.OpenAsync(ct);
        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement.Sql, pg);
        foreach (var (name, value) in statement.Parameters)
        {
            explain.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        }

        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            plan.Add(reader.GetString(0));
        }

        return plan;
    }

    private static async Task<List<string>> SqliteAsync(BenchDatabase database, RecordedStatement statement, CancellationToken ct)
    {
        await using var sqlite = new SqliteConnection(database.ConnectionString);
        await sqlite.OpenAsync(ct);
        await using var explain = new SqliteCommand("EXPLAIN QUERY PLAN " + statement.Sql, sqlite);
        foreach (var (name, value) in statement.Parameters)
        {
            explain.Parameters.Add(new SqliteParameter(name, value ?? DBNull.Value));
        }

        var depth = new Dictionary<long, int> { [0] = 0 };
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var level = depth.GetValueOrDefault(reader.GetInt64(1)) + 1;
            depth[reader.GetInt64(0)] = level;
            plan.Add(new string(' ', 2 * (level - 1)) + reader.GetString(3));
        }

        return plan;
    }
}
