using System.Diagnostics;
using System.Net.Sockets;

namespace SmsStatusTracker.Tests.Infrastructure;

/// <summary>A throwaway redis-server on a free loopback port, no persistence; stopped on dispose.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process process;

    private RedisServer(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var executable = RequiredTool.Find("redis-server", "apt-get install -y redis-server");
        var port = FreePort.Next();
        var process = AppProcess.StartInBackground(new ProcessStartInfo(executable, $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly no")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return new RedisServer(process, port);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await AppProcess.StopAsync(process);
        process.Dispose();
    }
}
