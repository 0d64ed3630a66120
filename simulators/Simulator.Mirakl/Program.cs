using System.Globalization;
using Simulator.Mirakl;
using Simulator.Mirakl.Seeding;

// Standalone: dotnet run --project simulators/Simulator.Mirakl -- --urls http://127.0.0.1:5101 [--seedShops 50 --seedCycles 3]
var builder = WebApplication.CreateBuilder(args);
var options = new MiraklSimulatorOptions();
if (int.TryParse(builder.Configuration["seedShops"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var shops))
{
    var cycles = int.TryParse(builder.Configuration["seedCycles"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? c : 1;
    options.InitialSeed = new MarketplaceSeedRequest(shops, cycles);
}

MiraklSimulator.ConfigureServices(builder, options);
var app = builder.Build();
MiraklSimulator.Configure(app);
app.Run();
