using Simulator.HiPayWallet;

// Runs the fake alone, e.g. dotnet run --project simulators/Simulator.HiPayWallet -- --urls http://127.0.0.1:5102
// Options come from the "HiPayWallet" configuration section (appsettings, environment, command line).
var builder = WebApplication.CreateBuilder(args);
var options = new HiPayWalletSimulatorOptions();
builder.Configuration.GetSection("HiPayWallet").Bind(options);
HiPayWalletSimulator.ConfigureServices(builder, options);
var app = builder.Build();
HiPayWalletSimulator.Configure(app);
app.Run();
