using System;
using System.Collections.Generic;
using Microsoft.ML.Data;

namespace Microsoft.ML.Recurrent.Tasks;

/// <summary>Reads a vector of Single or Double of the current row into a reused list of floats.</summary>
internal static class NumberVectorReader
{
    /// <summary>A reader of the current row's vector; the list it returns is reused by the next call.</summary>
    public static Func<List<float>> Create(DataViewRow row, DataViewSchema.Column column)
    {
        var values = new List<float>();
        if (((VectorDataViewType)column.Type).ItemType == NumberDataViewType.Double)
        {
            var getter = row.GetGetter<VBuffer<double>>(column);
            VBuffer<double> buffer = default;
            return () =>
            {
                getter(ref buffer);
                values.Clear();
                foreach (var v in buffer.DenseValues())
                    values.Add((float)v);
                return values;
            };
        }

        var floats = row.GetGetter<VBuffer<float>>(column);
        VBuffer<float> floatBuffer = default;
        return () =>
        {
            floats(ref floatBuffer);
            values.Clear();
            foreach (var v in floatBuffer.DenseValues())
                values.Add(v);
            return values;
        };
    }
}
