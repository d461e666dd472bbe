using System;

namespace Microsoft.ML;

/// <summary>Same name and constructor as Microsoft.ML.Core's internal attribute; binds to it at run time.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class LoadableClassAttribute : Attribute
{
    /// <summary>Registers <paramref name="instType"/>, created by <paramref name="loaderType"/>.</summary>
    public LoadableClassAttribute(Type instType, Type loaderType, Type? argType, Type sigType, string userName, params string[] loadNames)
    {
    }
}

/// <summary>Same name as Microsoft.ML.Core's internal model-loading signature; binds to it at run time.</summary>
public delegate void SignatureLoadModel(object ctx);
