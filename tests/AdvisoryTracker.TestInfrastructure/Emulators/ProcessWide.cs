namespace AdvisoryTracker.TestInfrastructure.Emulators;

/// <summary>
/// One running emulator of a kind per test process: started by the first fixture that asks for it, shared by every test
/// class and collection after it (each uses its own table, queue and container names and its own recipients), and
/// stopped when the test process exits. Test classes can then run in parallel without starting one emulator each.
/// A start that failed (after its own retries) is not retried by every later fixture: they all report the same failure.
/// </summary>
internal static class ProcessWide<T> where T : class, IAsyncDisposable
{
    private static readonly Lock Gate = new();
    private static Task<T>? s_instance;

    public static Task<T> GetAsync(Func<Task<T>> start)
    {
        lock (Gate)
        {
            if (s_instance is null)
            {
                s_instance = start();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
            }

            return s_instance;
        }
    }

    private static void Stop()
    {
        if (s_instance is { IsCompletedSuccessfully: true } started)
        {
            started.Result.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        }
    }
}
