using System.Diagnostics.CodeAnalysis;

// RS0026 ("do not add multiple overloads with optional parameters") guards against calls that become ambiguous.
// RecurrentCatalog's overloads with optional parameters extend different catalog types (binary, multiclass,
// regression), so no call can match two of them; the shape is ML.NET's own (one overload with plain parameters and
// defaults, one with an options object, per catalog).
[assembly: SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
    Scope = "type", Target = "~T:Microsoft.ML.RecurrentCatalog",
    Justification = "The overloads extend different catalog types, so no call is ambiguous.")]

[assembly: SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
    Scope = "type", Target = "~T:Microsoft.ML.RecurrentPerStepCatalog",
    Justification = "The overloads extend different catalog types (multiclass, regression), so no call is ambiguous.")]
