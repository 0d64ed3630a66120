using Simulator.HiPayEnterprise;

// Runs the fake alone, e.g. dotnet run --project simulators/Simulator.HiPayEnterprise -- --urls http://127.0.0.1:5103
// Options come from the "HiPayEnterprise" configuration section (appsettings, environment, command line).
var builder = WebApplication.CreateBuilder(args);
var options = new HiPayEnterpriseSimulatorOptions();
builder.Configuration.GetSection("HiPayEnterprise").Bind(options);
HiPayEnterpriseSimulator.ConfigureServices(builder, options);
var app = builder.Build();
HiPayEnterpriseSimulator.Configure(app);
app.Run();
