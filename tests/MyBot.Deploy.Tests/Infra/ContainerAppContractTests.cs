using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using MyBot.Deploy.Tests.Bicep;
using MyBot.Deploy.Tests.Server;
using MyBot.Server.Orleans;

namespace MyBot.Deploy.Tests.Infra;

/// <summary>The contract between the container app's environment in Bicep and the configuration the server binds.</summary>
public sealed class ContainerAppContractTests
{
    /// <summary>Variables read by the platform, the Azure SDK or OpenTelemetry rather than by an options class.</summary>
    private static readonly string[] PlatformVariablePrefixes = ["ASPNETCORE_", "OTEL_", "APPLICATIONINSIGHTS_"];

    private static readonly string[] PlatformVariables = ["AZURE_CLIENT_ID"];

    private static readonly ConfigurationKeyCatalog Catalog = ConfigurationKeyCatalog.ForServer();

    [Fact]
    public void The_app_container_uses_the_environment_and_secret_lists()
    {
        var app = InfraFiles.ContainerApp.Resources["app"];
        Assert.Equal("Microsoft.App/containerApps", app.Type);
        var configuration = BicepObject.Parse(BicepObject.Parse(app.Body["properties"]!)["configuration"]!);
        Assert.Equal("secrets", configuration["secrets"]);
        var container = Container();
        Assert.Equal("environmentVariables", container["env"]);
    }

    [Fact]
    public void Every_environment_variable_is_a_key_the_server_binds_or_a_platform_variable()
    {
        Assert.NotEmpty(Catalog.OptionsTypes);
        var unbound = InfraFiles.EnvironmentVariables
            .Select(entry => entry.Name)
            .Where(name => !IsPlatformVariable(name) && !Catalog.Binds(ToConfigurationKey(name)))
            .ToList();

        Assert.True(unbound.Count == 0, $"Set by Bicep but bound by no options class: {string.Join(", ", unbound)}");
    }

    [Fact]
    public void Configuration_variables_use_the_double_underscore_form_of_the_key()
    {
        Assert.All(
            InfraFiles.EnvironmentVariables.Select(entry => entry.Name).Where(name => !IsPlatformVariable(name)),
            name =>
            {
                Assert.StartsWith("MyBot__", name, StringComparison.Ordinal);
                Assert.DoesNotContain(":", name, StringComparison.Ordinal);
            });
    }

    [Fact]
    public void Every_variable_has_either_a_value_or_a_secret_reference()
    {
        Assert.All(InfraFiles.EnvironmentVariables, entry =>
            Assert.True(entry.Object["value"] is null ^ entry.Object["secretRef"] is null, $"{entry.Name} needs exactly one of value and secretRef"));
        var names = InfraFiles.EnvironmentVariables.Select(entry => entry.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Every_secret_reference_names_a_declared_secret_deployed_under_the_same_condition()
    {
        var secrets = InfraFiles.Secrets.ToDictionary(secret => secret.Name, StringComparer.Ordinal);
        var references = InfraFiles.EnvironmentVariables.Where(entry => entry.Object["secretRef"] is not null).ToList();

        Assert.All(references, entry =>
        {
            var secretName = entry.Object.StringLiteral("secretRef")!;
            Assert.True(secrets.TryGetValue(secretName, out var secret), $"{entry.Name} references undeclared secret {secretName}");
            Assert.Equal(secret.IsConditional, entry.IsConditional);
        });
        Assert.Equal(secrets.Keys.Order(), references.Select(entry => entry.Object.StringLiteral("secretRef")!).Distinct().Order());
    }

    [Fact]
    public void Secret_values_come_only_from_secure_parameters()
    {
        var file = InfraFiles.ContainerApp;
        Assert.All(InfraFiles.Secrets, secret =>
        {
            var value = secret.Object["value"]!;
            Assert.True(file.Parameters.TryGetValue(value, out var parameter) && parameter.IsSecure, $"secret {secret.Name} must be a @secure() parameter, not {value}");
        });
    }

    [Fact]
    public void No_plain_environment_value_carries_a_secure_parameter()
    {
        var secure = InfraFiles.ContainerApp.SecureParameters.Select(parameter => parameter.Name).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(secure);
        Assert.All(
            InfraFiles.EnvironmentVariables.Where(entry => entry.Object["value"] is not null),
            entry => Assert.Empty(BicepFile.Identifiers(entry.Object["value"]!).Intersect(secure)));
    }

    [Fact]
    public void Secret_settings_are_passed_by_reference()
    {
        var secretKeys = InfraFiles.EnvironmentVariables
            .Where(entry => SecretSettingNames.Any(suffix => entry.Name.EndsWith(suffix, StringComparison.Ordinal)))
            .ToList();

        Assert.NotEmpty(secretKeys);
        Assert.All(secretKeys, entry => Assert.NotNull(entry.Object["secretRef"]));
    }

    [Theory]
    [InlineData("MyBot__Storage__Provider", "AzureStorage")]
    [InlineData("MyBot__Telegram__Mode", "Webhook")]
    public void Cloud_mode_switches_are_always_set(string name, string value)
    {
        var entry = Unconditional(name);
        Assert.Equal(value, entry.Object.StringLiteral("value"));
    }

    [Theory]
    [InlineData("MyBot__Storage__Azure__BlobEndpoint", "blobEndpoint")]
    [InlineData("MyBot__Storage__Azure__QueueEndpoint", "queueEndpoint")]
    [InlineData("MyBot__Storage__Azure__TableEndpoint", "tableEndpoint")]
    [InlineData("AZURE_CLIENT_ID", "identity.properties.clientId")]
    [InlineData("MyBot__Telegram__WebhookUrl", "appUrl")]
    [InlineData("MyBot__Orleans__SiloPort", "string(siloPort)")]
    [InlineData("MyBot__Orleans__AdvertisedAddress", "name")]
    [InlineData("MyBot__Orleans__ClusterId", "clusterId")]
    [InlineData("MyBot__Orleans__ServiceId", "serviceId")]
    public void Cloud_mode_values_are_always_set(string name, string expression)
    {
        Assert.Equal(expression, Unconditional(name).Object["value"]);
    }

    [Theory]
    [InlineData("MyBot__Api__Token")]
    [InlineData("MyBot__Telegram__WebhookSecret")]
    public void Generated_secrets_are_always_set(string name)
    {
        Assert.NotNull(Unconditional(name).Object["secretRef"]);
    }

    [Fact]
    public void The_webhook_url_every_silo_registers_is_the_public_silo_apps_address()
    {
        Assert.Equal("'https://${publicAppName}.${managedEnvironment.properties.defaultDomain}'", InfraFiles.ContainerApp.Variables["appUrl"]);
        Assert.Equal("appName", InfraFiles.Main.Modules["app"].Params["publicAppName"]);
    }

    [Fact]
    public void Every_silo_names_the_same_valid_cluster_and_service()
    {
        var file = InfraFiles.ContainerApp;
        var options = new OrleansOptions
        {
            ClusterId = BicepObject.Literal(file.Variables["clusterId"])!,
            ServiceId = BicepObject.Literal(file.Variables["serviceId"])!,
        };

        var results = new List<ValidationResult>();
        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true), string.Join("; ", results));
        Assert.Empty(file.Parameters.Keys.Intersect(["clusterId", "serviceId"]));
    }

    [Fact]
    public void No_gateway_is_opened_because_the_http_api_runs_inside_the_silo()
    {
        Assert.DoesNotContain(InfraFiles.EnvironmentVariables, entry => entry.Name == "MyBot__Orleans__GatewayPort");
        Assert.Equal(0, new OrleansOptions().GatewayPort);
    }

    [Fact]
    public void Literal_values_bind_to_the_server_options()
    {
        var literals = InfraFiles.EnvironmentVariables
            .Where(entry => !IsPlatformVariable(entry.Name) && entry.Object.StringLiteral("value") is not null)
            .ToDictionary(entry => ToConfigurationKey(entry.Name), entry => entry.Object.StringLiteral("value"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(literals).Build();

        Assert.NotEmpty(literals);
        foreach (var optionsType in Catalog.OptionsTypes)
        {
            var exception = Record.Exception(() => configuration.GetSection(ConfigurationKeyCatalog.SectionNameOf(optionsType)).Get(optionsType));
            Assert.True(exception is null, $"{optionsType.Name}: {exception?.Message}");
        }
    }

    [Fact]
    public void Required_options_without_a_default_are_set()
    {
        var set = InfraFiles.EnvironmentVariables.Select(entry => ToConfigurationKey(entry.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = new List<string>();
        foreach (var optionsType in Catalog.OptionsTypes.Where(type => type.GetConstructor(Type.EmptyTypes) is not null))
        {
            var defaults = Activator.CreateInstance(optionsType);
            foreach (var property in optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetCustomAttribute<RequiredAttribute>() is null || property.GetIndexParameters().Length > 0)
                {
                    continue;
                }

                var value = property.GetValue(defaults);
                var key = $"{ConfigurationKeyCatalog.SectionNameOf(optionsType)}:{property.Name}";
                if ((value is null || value is string { Length: 0 }) && !set.Contains(key))
                {
                    missing.Add(key);
                }
            }
        }

        Assert.True(missing.Count == 0, $"Required with no default and not set by Bicep: {string.Join(", ", missing)}");
    }

    private static readonly string[] SecretSettingNames = ["Token", "ApiKey", "Secret", "ConnectionString", "Password", "Key"];

    private static BicepObject Container()
    {
        var template = BicepObject.Parse(BicepObject.Parse(InfraFiles.ContainerApp.Resources["app"].Body["properties"]!)["template"]!);
        var containers = template["containers"]!;
        var open = containers.IndexOf('{', StringComparison.Ordinal);
        return BicepObject.Parse(containers[open..(BicepScanner.FindClosing(containers, open) + 1)]);
    }

    private static BicepListEntry Unconditional(string name)
    {
        var entry = InfraFiles.EnvironmentVariables.SingleOrDefault(candidate => candidate.Name == name);
        Assert.True(entry is not null, $"{name} is not set");
        Assert.False(entry.IsConditional, $"{name} is only set under a condition");
        return entry;
    }

    private static bool IsPlatformVariable(string name) =>
        PlatformVariables.Contains(name, StringComparer.Ordinal)
        || PlatformVariablePrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));

    private static string ToConfigurationKey(string variableName) => variableName.Replace("__", ":", StringComparison.Ordinal);
}
