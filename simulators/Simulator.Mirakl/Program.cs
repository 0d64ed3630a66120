using Simulator.Mirakl;

var builder = WebApplication.CreateBuilder(args);
MiraklSimulator.ConfigureServices(builder);
var app = builder.Build();
MiraklSimulator.Configure(app);
app.Run();
