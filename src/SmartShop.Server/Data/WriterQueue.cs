namespace SmartShop.Server.Data;

/// <summary>
/// Gives the busy writers of this process (the machines' ledger saves, the traceability writes) their turn at SQLite's
/// one write lock, in arrival order: one queue for all of them. Left to contend for it, transactions that find it taken
/// wait in Microsoft.Data.Sqlite's busy retry, which blocks a pool thread in Thread.Sleep(150) per attempt and lets a
/// newcomer overtake the sleepers: with 16 stations completing units, answers took up to 3 s
/// (tests/SmartShop.Trace.Bench/RESULTS.md); 1,000 machines saving their ledgers starved the thread pool
/// (tests/SmartShop.Fleet.Bench/RESULTS.md). Queued here instead, asynchronously, each BEGIN IMMEDIATE finds the lock
/// free. PostgreSQL locks rows, not the database, and needs no queue. A turn must not wait for another turn.
/// </summary>
public sealed class WriterQueue(ResolvedDatabase database)
{
    private readonly SemaphoreSlim? _sqlite = database.Provider == DatabaseProvider.Sqlite ? new(1, 1) : null;

    /// <summary>Waits for this write's turn; dispose the turn after the transaction has ended.</summary>
    public async Task<IDisposable> TurnAsync(CancellationToken cancellationToken)
    {
        if (_sqlite is null)
        {
            return Turn.None;
        }

        await _sqlite.WaitAsync(cancellationToken);
        return new Turn(_sqlite);
    }

    private sealed class Turn(SemaphoreSlim? gate) : IDisposable
    {
        public static readonly Turn None = new(null);

        private SemaphoreSlim? _gate = gate;

        public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
    }
}
