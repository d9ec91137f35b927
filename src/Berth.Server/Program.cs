using Berth.Server;

BerthServerOptions options;
try
{
    options = BerthServerOptions.FromArgs(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync("berth-server: " + e.Message).ConfigureAwait(false);
    return 2;
}

return await BerthServer.RunAsync(options).ConfigureAwait(false);
