using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SmartShop.Trace.Bench;

/// <summary>A statement the server ran: its SQL, parameters and how long it took.</summary>
public sealed record RecordedStatement(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters, TimeSpan Duration);

/// <summary>
/// Records the statements the server's EF Core contexts run while <see cref="Recording"/> is on, so that the bench can
/// show which statements one trace request ran, how long each took, and EXPLAIN exactly those (same SQL, same values).
/// The bench sends one request at a time while it records.
/// </summary>
public sealed class SqlRecorder : DbCommandInterceptor
{
    private readonly List<RecordedStatement> _statements = [];
    private volatile bool _recording;

    public bool Recording
    {
        get => _recording;
        set
        {
            lock (_statements)
            {
                if (value)
                {
                    _statements.Clear();
                }

                _recording = value;
            }
        }
    }

    public IReadOnlyList<RecordedStatement> Statements
    {
        get
        {
            lock (_statements)
            {
                return [.. _statements];
            }
        }
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData.Duration);
        return base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData.Duration);
        return base.ScalarExecutedAsync(command, eventData, result, cancellationToken);
    }

    private void Record(DbCommand command, TimeSpan duration)
    {
        if (!_recording)
        {
            return;
        }

        var parameters = command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value)).ToList();
        lock (_statements)
        {
            if (_recording)
            {
                _statements.Add(new RecordedStatement(command.CommandText, parameters, duration));
            }
        }
    }
}
