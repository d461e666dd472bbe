namespace System.Runtime.CompilerServices;

/// <summary>
/// Honoured by CoreCLR by name: lets this assembly see Microsoft.ML.Core's internal LoadableClassAttribute, so that
/// ML.NET's ComponentCatalog finds the model loader declared in <c>Bridge/ModelLoaderRegistration.cs</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute : Attribute
{
    /// <summary>Creates the attribute for the named assembly.</summary>
    public IgnoresAccessChecksToAttribute(string assemblyName) => AssemblyName = assemblyName;

    /// <summary>The assembly whose internals this assembly may see.</summary>
    public string AssemblyName { get; }
}
