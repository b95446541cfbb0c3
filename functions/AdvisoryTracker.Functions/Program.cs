using AdvisoryTracker.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
FunctionAppComposition.Configure(builder);
var host = builder.Build();
FunctionAppComposition.Run(host);
