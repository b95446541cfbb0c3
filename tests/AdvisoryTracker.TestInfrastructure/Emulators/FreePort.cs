using System.Net;
using System.Net.Sockets;

namespace AdvisoryTracker.TestInfrastructure.Emulators;

public static class FreePort
{
    /// <summary>A loopback TCP port that was free a moment ago.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until something accepts connections on the loopback port.</summary>
    public static Task WaitUntilListeningAsync(int port, TimeSpan timeout, Func<string> diagnostics) =>
        WaitUntilListeningAsync(port, timeout, diagnostics, static () => false);

    /// <summary>As <see cref="WaitUntilListeningAsync(int, TimeSpan, Func{string})"/>, giving up early once <paramref name="gaveUp"/> says the server is gone.</summary>
    public static async Task WaitUntilListeningAsync(int port, TimeSpan timeout, Func<string> diagnostics, Func<bool> gaveUp)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !gaveUp())
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"nothing listened on 127.0.0.1:{port} within {timeout}{(gaveUp() ? " (the server ended)" : "")}: {diagnostics()}");
    }
}
