using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.Recurrent.Tasks;

/// <summary>Reads a key column of any unsigned raw type as a ulong.</summary>
internal static class KeyReader
{
    public static Func<ulong> Create(DataViewRow row, DataViewSchema.Column column)
    {
        var raw = column.Type.RawType;
        if (raw == typeof(uint))
        {
            var g = row.GetGetter<uint>(column);
            uint v = 0;
            return () => { g(ref v); return v; };
        }

        if (raw == typeof(ushort))
        {
            var g = row.GetGetter<ushort>(column);
            ushort v = 0;
            return () => { g(ref v); return v; };
        }

        if (raw == typeof(byte))
        {
            var g = row.GetGetter<byte>(column);
            byte v = 0;
            return () => { g(ref v); return v; };
        }

        var g64 = row.GetGetter<ulong>(column);
        ulong v64 = 0;
        return () => { g64(ref v64); return v64; };
    }
}
