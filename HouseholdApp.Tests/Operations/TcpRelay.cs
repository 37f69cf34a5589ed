using System.Net;
using System.Net.Sockets;
using HouseholdApp.Tests.Infrastructure;
using Npgsql;

namespace HouseholdApp.Tests.Operations;

/// <summary>
/// A loopback TCP relay in front of the test database, so a test can take "the database" away from one app
/// (closing every relayed connection, as a server restart does) and bring it back, without touching the
/// server the other tests share.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly IPEndPoint target;
    private readonly Lock gate = new();
    private readonly List<TcpClient> open = [];
    private TcpListener? listener;
    private CancellationTokenSource? running;

    public TcpRelay(string host, int port)
    {
        target = new IPEndPoint(IPAddress.Parse(host == "localhost" ? "127.0.0.1" : host), port);
        // The app is pointed at this port before the relay listens, and it stops and starts again while the app runs.
        Port = LoopbackPorts.Reserved();
    }

    public int Port { get; }

    /// <summary>The relayed database's connection string (a relay made by <see cref="InFrontOfNewDatabaseAsync"/>).
    /// </summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>
    /// A new database of <paramref name="server"/> behind a started relay: <see cref="ConnectionString"/> reaches it
    /// through the relay, and gives up connecting after 3 s.
    /// </summary>
    public static async Task<TcpRelay> InFrontOfNewDatabaseAsync(PostgresServer server, string name)
    {
        var database = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync(name));
        var relay = new TcpRelay(database.Host!, database.Port);
        relay.Start();
        database.Host = "127.0.0.1";
        database.Port = relay.Port;
        database.Timeout = 3;
        relay.ConnectionString = database.ConnectionString;
        return relay;
    }

    public void Start()
    {
        running = new CancellationTokenSource();
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _ = AcceptAsync(listener, running.Token);
    }

    /// <summary>Refuses new connections and cuts the open ones.</summary>
    public void Stop()
    {
        running?.Cancel();
        listener?.Stop();
        listener = null;
        lock (gate)
        {
            foreach (var client in open)
            {
                client.Dispose();
            }

            open.Clear();
        }
    }

    private async Task AcceptAsync(TcpListener server, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await server.AcceptTcpClientAsync(ct);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(inbound, ct);
        }
    }

    private async Task RelayAsync(TcpClient inbound, CancellationToken ct)
    {
        var outbound = new TcpClient();
        lock (gate)
        {
            open.Add(inbound);
            open.Add(outbound);
        }

        try
        {
            await outbound.ConnectAsync(target, ct);
            var a = inbound.GetStream();
            var b = outbound.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, ct), b.CopyToAsync(a, ct));
        }
        catch (Exception ex)
            when (ex
                    is IOException
                        or SocketException
                        or OperationCanceledException
                        or ObjectDisposedException
                        or InvalidOperationException
            ) { }
        finally
        {
            inbound.Dispose();
            outbound.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}
