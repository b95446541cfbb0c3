using System.Net.Sockets;
using AdvisoryTracker.Domain.Ingestion;
using Azure;

namespace AdvisoryTracker.Adapters.Storage;

/// <summary>
/// Storage outages as the Azure SDK reports them: no answer (status 0: connection refused, DNS, reset), throttling (429),
/// server errors (5xx), timeouts and socket/IO failures. Anything else (400 property too large, 413 entity too large, a
/// key the service refuses, a serialisation error) is about the data.
/// </summary>
public sealed class AzureStorageFaults : IStorageFaults
{
    public static AzureStorageFaults Instance { get; } = new();

    public bool IsTransient(Exception exception) => Classify(exception);

    public static bool Classify(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case RequestFailedException { Status: 0 or 408 or 429 or >= 500 }:
                case HttpRequestException:
                case SocketException:
                case IOException:
                case TimeoutException:
                case TaskCanceledException:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(Classify):
                    return true;
            }
        }

        return false;
    }
}
