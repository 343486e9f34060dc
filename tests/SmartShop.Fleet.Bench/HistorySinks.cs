using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace SmartShop.Fleet.Bench;

/// <summary>Writes generated history into a migrated SmartShop database, in bulk.</summary>
public interface IHistorySink : IAsyncDisposable
{
    string Name { get; }

    Task WriteAsync(HistoryChunk chunk, CancellationToken cancellationToken);

    /// <summary>Commits, rebuilds the indexes dropped for the load, and returns what it did.</summary>
    Task<string> CompleteAsync(CancellationToken cancellationToken);
}

/// <summary>
/// SQLite: the schema's secondary indexes are dropped for the load and created again after it (same SQL, read from
/// sqlite_master), rows go in through prepared statements, a transaction per day of history, with synchronous=OFF on this
/// connection only. The file keeps the journal mode the server's migration gave it, and no ANALYZE is run (the server
/// never runs one).
/// </summary>
public sealed class SqliteHistorySink : IHistorySink
{
    private readonly SqliteConnection _connection;
    private readonly List<string> _indexes = [];
    private SqliteTransaction? _transaction;
    private SqliteCommand _interval = null!;
    private SqliteCommand _stop = null!;
    private SqliteCommand _ledger = null!;

    private SqliteHistorySink(string file)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
    }

    public string Name => "SQLite";

    public static async Task<SqliteHistorySink> OpenAsync(string file, CancellationToken cancellationToken)
    {
        var sink = new SqliteHistorySink(file);
        await sink._connection.OpenAsync(cancellationToken);
        await sink.ExecuteAsync("PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;", cancellationToken);
        await using (var list = sink._connection.CreateCommand())
        {
            list.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('oee_interval', 'downtime_event') AND sql IS NOT NULL";
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            var names = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                names.Add(reader.GetString(0));
                sink._indexes.Add(reader.GetString(1));
            }

            await reader.DisposeAsync();
            foreach (var name in names)
            {
                await sink.ExecuteAsync($"DROP INDEX {name}", cancellationToken);
            }
        }

        sink.Begin();
        return sink;
    }

    private void Begin()
    {
        _transaction = _connection.BeginTransaction();
        _interval = Prepare(
            "INSERT INTO oee_interval (machine_id, start_ms, end_ms, state, element, calendar, shift_id, production_day, order_id, product_id, ideal_cycle_ms, stop_id, stop_start, micro_stop, good, scrap) VALUES (@m, @s, @e, @st, @el, @c, @sh, @d, @o, @p, @i, @sid, @ss, @ms, @g, @sc)",
            "@m", "@s", "@e", "@st", "@el", "@c", "@sh", "@d", "@o", "@p", "@i", "@sid", "@ss", "@ms", "@g", "@sc");
        _stop = Prepare(
            "INSERT INTO downtime_event (machine_id, stop_id, start_ms, end_ms, state, order_id, micro_stop, plc_code) VALUES (@m, @id, @s, @e, @st, @o, @ms, @code)",
            "@m", "@id", "@s", "@e", "@st", "@o", "@ms", "@code");
        _ledger = Prepare("INSERT INTO machine_ledger (machine_id, payload, version, updated_at) VALUES (@m, @p, 1, @u)", "@m", "@p", "@u");
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var p in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = p });
        }

        command.Prepare();
        return command;
    }

    public async Task WriteAsync(HistoryChunk chunk, CancellationToken cancellationToken)
    {
        foreach (var i in chunk.Intervals)
        {
            var p = _interval.Parameters;
            p[0].Value = i.MachineId;
            p[1].Value = i.Start.ToUnixTimeMilliseconds();
            p[2].Value = i.End.ToUnixTimeMilliseconds();
            p[3].Value = (int)i.State;
            p[4].Value = (int)i.Element;
            p[5].Value = (int)i.Calendar;
            p[6].Value = (object?)i.ShiftId ?? DBNull.Value;
            p[7].Value = i.ProductionDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            p[8].Value = (object?)i.OrderId ?? DBNull.Value;
            p[9].Value = (object?)i.ProductId ?? DBNull.Value;
            p[10].Value = i.IdealCycleTime is { } t ? (long)Math.Round(t.TotalMilliseconds) : DBNull.Value;
            p[11].Value = (object?)i.StopId ?? DBNull.Value;
            p[12].Value = i.StopStart ? 1 : 0;
            p[13].Value = i.MicroStop ? 1 : 0;
            p[14].Value = i.Good;
            p[15].Value = i.Scrap;
            await _interval.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var s in chunk.Stops)
        {
            var p = _stop.Parameters;
            p[0].Value = s.MachineId;
            p[1].Value = s.StopId;
            p[2].Value = s.StartMs;
            p[3].Value = (object?)s.EndMs ?? DBNull.Value;
            p[4].Value = (int)s.State;
            p[5].Value = (object?)s.OrderId ?? DBNull.Value;
            p[6].Value = s.MicroStop ? 1 : 0;
            p[7].Value = (object?)s.PlcCode ?? DBNull.Value;
            await _stop.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (machine, payload) in chunk.Ledgers)
        {
            _ledger.Parameters[0].Value = machine;
            _ledger.Parameters[1].Value = payload;
            _ledger.Parameters[2].Value = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
            await _ledger.ExecuteNonQueryAsync(cancellationToken);
        }

        await CommitAsync(cancellationToken);
        Begin();
    }

    public async Task<string> CompleteAsync(CancellationToken cancellationToken)
    {
        await CommitAsync(cancellationToken);
        var started = System.Diagnostics.Stopwatch.StartNew();
        foreach (var sql in _indexes)
        {
            await ExecuteAsync(sql, cancellationToken);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{_indexes.Count} indexes rebuilt in {started.Elapsed.TotalSeconds:0} s");
    }

    private async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_transaction is null)
        {
            return;
        }

        await _transaction.CommitAsync(cancellationToken);
        await _transaction.DisposeAsync();
        await _interval.DisposeAsync();
        await _stop.DisposeAsync();
        await _ledger.DisposeAsync();
        _transaction = null;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }
}

/// <summary>
/// PostgreSQL: binary COPY into oee_interval and downtime_event (each on its own connection), the ledger rows by INSERT at
/// the end; secondary indexes dropped for the load and created again (definitions from pg_indexes), then ANALYZE, as
/// autovacuum would after a load of this size.
/// </summary>
public sealed class PostgresHistorySink : IHistorySink
{
    private readonly string _connectionString;
    private readonly List<string> _indexes = [];
    private readonly List<(string Machine, string Payload)> _ledgers = [];
    private NpgsqlConnection _intervalConnection = null!;
    private NpgsqlConnection _stopConnection = null!;
    private NpgsqlBinaryImporter _intervals = null!;
    private NpgsqlBinaryImporter _stops = null!;

    private PostgresHistorySink(string connectionString) => _connectionString = connectionString;

    public string Name => "PostgreSQL";

    public static async Task<PostgresHistorySink> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var sink = new PostgresHistorySink(connectionString);
        sink._intervalConnection = new NpgsqlConnection(connectionString);
        await sink._intervalConnection.OpenAsync(cancellationToken);
        await using (var list = new NpgsqlCommand("SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('oee_interval', 'downtime_event') AND indexname NOT LIKE '%pkey'", sink._intervalConnection))
        {
            var names = new List<string>();
            await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    names.Add(reader.GetString(0));
                    sink._indexes.Add(reader.GetString(1));
                }
            }

            foreach (var name in names)
            {
                await using var drop = new NpgsqlCommand($"DROP INDEX {name}", sink._intervalConnection);
                await drop.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        sink._stopConnection = new NpgsqlConnection(connectionString);
        await sink._stopConnection.OpenAsync(cancellationToken);
        sink._intervals = await sink._intervalConnection.BeginBinaryImportAsync(
            "COPY oee_interval (machine_id, start_ms, end_ms, state, element, calendar, shift_id, production_day, order_id, product_id, ideal_cycle_ms, stop_id, stop_start, micro_stop, good, scrap) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        sink._stops = await sink._stopConnection.BeginBinaryImportAsync(
            "COPY downtime_event (machine_id, stop_id, start_ms, end_ms, state, order_id, micro_stop, plc_code) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        return sink;
    }

    public async Task WriteAsync(HistoryChunk chunk, CancellationToken cancellationToken)
    {
        foreach (var i in chunk.Intervals)
        {
            var w = _intervals;
            await w.StartRowAsync(cancellationToken);
            await w.WriteAsync(i.MachineId, NpgsqlDbType.Text, cancellationToken);
            await w.WriteAsync(i.Start.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint, cancellationToken);
            await w.WriteAsync(i.End.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint, cancellationToken);
            await w.WriteAsync((short)i.State, NpgsqlDbType.Smallint, cancellationToken);
            await w.WriteAsync((short)i.Element, NpgsqlDbType.Smallint, cancellationToken);
            await w.WriteAsync((short)i.Calendar, NpgsqlDbType.Smallint, cancellationToken);
            await WriteTextAsync(w, i.ShiftId, cancellationToken);
            await w.WriteAsync(i.ProductionDay, NpgsqlDbType.Date, cancellationToken);
            await WriteTextAsync(w, i.OrderId, cancellationToken);
            await WriteTextAsync(w, i.ProductId, cancellationToken);
            await WriteLongAsync(w, i.IdealCycleTime is { } t ? (long)Math.Round(t.TotalMilliseconds) : null, cancellationToken);
            await WriteLongAsync(w, i.StopId, cancellationToken);
            await w.WriteAsync(i.StopStart, NpgsqlDbType.Boolean, cancellationToken);
            await w.WriteAsync(i.MicroStop, NpgsqlDbType.Boolean, cancellationToken);
            await w.WriteAsync(i.Good, NpgsqlDbType.Bigint, cancellationToken);
            await w.WriteAsync(i.Scrap, NpgsqlDbType.Bigint, cancellationToken);
        }

        foreach (var s in chunk.Stops)
        {
            var w = _stops;
            await w.StartRowAsync(cancellationToken);
            await w.WriteAsync(s.MachineId, NpgsqlDbType.Text, cancellationToken);
            await w.WriteAsync(s.StopId, NpgsqlDbType.Bigint, cancellationToken);
            await w.WriteAsync(s.StartMs, NpgsqlDbType.Bigint, cancellationToken);
            await WriteLongAsync(w, s.EndMs, cancellationToken);
            await w.WriteAsync((short)s.State, NpgsqlDbType.Smallint, cancellationToken);
            await WriteTextAsync(w, s.OrderId, cancellationToken);
            await w.WriteAsync(s.MicroStop, NpgsqlDbType.Boolean, cancellationToken);
            if (s.PlcCode is { } code)
            {
                await w.WriteAsync(code, NpgsqlDbType.Integer, cancellationToken);
            }
            else
            {
                await w.WriteNullAsync(cancellationToken);
            }
        }

        _ledgers.AddRange(chunk.Ledgers);
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter w, string? value, CancellationToken cancellationToken) =>
        value is null ? w.WriteNullAsync(cancellationToken) : w.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static Task WriteLongAsync(NpgsqlBinaryImporter w, long? value, CancellationToken cancellationToken) =>
        value is { } v ? w.WriteAsync(v, NpgsqlDbType.Bigint, cancellationToken) : w.WriteNullAsync(cancellationToken);

    public async Task<string> CompleteAsync(CancellationToken cancellationToken)
    {
        await _intervals.CompleteAsync(cancellationToken);
        await _intervals.DisposeAsync();
        await _stops.CompleteAsync(cancellationToken);
        await _stops.DisposeAsync();
        var now = TimeProvider.System.GetUtcNow();
        await using (var batch = new NpgsqlBatch(_intervalConnection))
        {
            foreach (var (machine, payload) in _ledgers)
            {
                var command = new NpgsqlBatchCommand("INSERT INTO machine_ledger (machine_id, payload, version, updated_at) VALUES ($1, $2, 1, $3)");
                command.Parameters.Add(new NpgsqlParameter { Value = machine });
                command.Parameters.Add(new NpgsqlParameter { Value = payload });
                command.Parameters.Add(new NpgsqlParameter { Value = now });
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        foreach (var sql in _indexes.Append("ANALYZE"))
        {
            await using var command = new NpgsqlCommand(sql, _intervalConnection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{_indexes.Count} indexes rebuilt and ANALYZE in {started.Elapsed.TotalSeconds:0} s");
    }

    public async ValueTask DisposeAsync()
    {
        await _intervalConnection.DisposeAsync();
        await _stopConnection.DisposeAsync();
    }
}

/// <summary>Counts of what a history query reads: the intervals overlapping the window of the machines counted.</summary>
public static class HistoryRows
{
    public static async Task<long> CountAsync(System.Data.Common.DbConnection connection, IReadOnlyCollection<string>? machines, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandTimeout = 0;
        var filter = machines is null ? "" : $" AND machine_id IN ({string.Join(", ", machines.Select(m => $"'{m}'"))})";
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"SELECT count(*) FROM oee_interval WHERE start_ms < {toMs} AND end_ms > {fromMs}{filter}");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
