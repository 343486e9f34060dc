using System.Globalization;
using Npgsql;
using SmartShop.Server.Data;

namespace SmartShop.Trace.Bench;

/// <summary>
/// What PostgreSQL's sessions of the bench database are doing, sampled every 20 ms while a phase runs
/// (pg_stat_activity: waiting for a row lock, the audit's advisory lock, the client, or running): where the
/// completions queue. Nothing on SQLite, whose writers queue in the server.
/// </summary>
public static class WaitSampler
{
    public static async Task<string> RunAsync(BenchDatabase database, CancellationToken ct)
    {
        if (database.Provider != DatabaseProvider.PostgreSql)
        {
            return "-";
        }

        var counts = new Dictionary<string, int>();
        var samples = 0;
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(CancellationToken.None);
        await using var query = new NpgsqlCommand("""
            SELECT CASE
                     WHEN wait_event_type = 'Lock' AND wait_event = 'advisory' THEN 'waiting: audit lock'
                     WHEN wait_event_type = 'Lock' AND wait_event IN ('transactionid', 'tuple') THEN 'waiting: row lock'
                     WHEN wait_event_type = 'Lock' THEN 'waiting: lock ' || wait_event
                     WHEN state = 'idle in transaction' THEN 'in transaction, server side'
                     WHEN wait_event_type IS NULL OR wait_event_type = 'Client' THEN 'running'
                     ELSE 'waiting: ' || wait_event_type || ' ' || wait_event
                   END, count(*)::int
            FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'
            GROUP BY 1
            """, connection);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await using (var reader = await query.ExecuteReaderAsync(ct))
                {
                    while (await reader.ReadAsync(ct))
                    {
                        counts[reader.GetString(0)] = counts.GetValueOrDefault(reader.GetString(0)) + reader.GetInt32(1);
                    }
                }

                samples++;
                await Task.Delay(20, ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The phase ended.
        }

        if (samples == 0)
        {
            return "-";
        }

        // Average number of sessions in each state per sample.
        return string.Join(", ", counts.OrderByDescending(c => c.Value).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {(double)c.Value / samples:0.0}")));
    }
}
