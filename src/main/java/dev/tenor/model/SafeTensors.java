package dev.tenor.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenor.io.AtomicFiles;
import dev.tenor.io.BadInputException;
import dev.tenor.io.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the safetensors format (an 8-byte little-endian header length, a JSON header, raw
 * little-endian data). F32, F16 and BF16 load as float32: BF16 and F16 are widened here in Java, because
 * a BF16 tensor aborts the JVM inside DJL's PyTorch engine.
 *
 * <p>DJL 0.36 reads and writes safetensors as well ({@code NDList.decode}/{@code encode}), but straight into
 * engine arrays: a BF16 file becomes a BFLOAT16 NDArray (the abort above) before Java can widen it, every
 * tensor takes native memory before its shape is checked, and the file name is not in its errors. Tenor's
 * callers without an engine (merging, ONNX import, the peers' cross-checks) need plain arrays too, so this
 * small reader stays; the engine only ever receives float32.
 */
public final class SafeTensors {

    /** Headers larger than this are not real safetensors headers (the format caps them at 100 MB). */
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private SafeTensors() {
    }

    /** Tensors by name, in file order, plus the free-form {@code __metadata__} map. */
    public record Contents(Map<String, FloatTensor> tensors, Map<String, String> metadata) {
    }

    public static Contents read(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw BadInputException.of(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        if (size < 8) {
            throw BadInputException.of(file, "not a safetensors file: only " + size + " bytes");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
                throw BadInputException.of(file, "corrupt safetensors header: header length " + headerLen
                        + " does not fit a file of " + size + " bytes");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headerBuf, 8);
            JsonNode header;
            try {
                header = Json.MAPPER.readTree(new String(headerBuf.array(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw BadInputException.of(file, "corrupt safetensors header: not valid JSON", e);
            }
            if (header == null || !header.isObject()) {
                throw BadInputException.of(file, "corrupt safetensors header: not a JSON object");
            }
            long dataStart = 8 + headerLen;
            long dataSize = size - dataStart;
            Map<String, FloatTensor> tensors = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    e.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                tensors.put(e.getKey(), readTensor(file, ch, e.getKey(), e.getValue(), dataStart, dataSize));
            }
            return new Contents(tensors, metadata);
        } catch (IOException e) {
            throw BadInputException.of(file, "cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static FloatTensor readTensor(Path file, FileChannel ch, String name, JsonNode info, long dataStart,
                                          long dataSize) throws IOException {
        String dtype = info.path("dtype").asText("");
        JsonNode shapeNode = info.path("shape");
        JsonNode offsets = info.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw BadInputException.of(file, "corrupt safetensors header: tensor '" + name
                    + "' lacks shape or data_offsets");
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw BadInputException.of(file, "corrupt safetensors header: tensor '" + name + "' has shape "
                        + shapeNode);
            }
            count *= shape[i];
        }
        int width = switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            case "F64" -> 8;
            default -> throw BadInputException.of(file, "tensor '" + name + "' has dtype " + dtype
                    + "; Tenor reads F32, F16, BF16 and F64 weights");
        };
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataSize || end - begin != count * width) {
            throw BadInputException.of(file, "corrupt safetensors header: tensor '" + name + "' data_offsets ["
                    + begin + ", " + end + "] do not fit its shape " + shapeNode + " (" + dtype + ") or the "
                    + dataSize + " data bytes");
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw BadInputException.of(file, "tensor '" + name + "' is too large to load");
        }
        ByteBuffer raw = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, raw, dataStart + begin);
        raw.flip();
        float[] data = new float[(int) count];
        switch (dtype) {
            case "F32" -> raw.asFloatBuffer().get(data);
            case "F64" -> {
                for (int i = 0; i < data.length; i++) {
                    data[i] = (float) raw.getDouble();
                }
            }
            case "BF16" -> {
                for (int i = 0; i < data.length; i++) {
                    data[i] = Float.intBitsToFloat((raw.getShort() & 0xffff) << 16);
                }
            }
            default -> {
                for (int i = 0; i < data.length; i++) {
                    data[i] = halfToFloat(raw.getShort());
                }
            }
        }
        return new FloatTensor(shape, data);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    /** IEEE 754 half precision to float. */
    public static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h >>> 15) << 31;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            // subnormal: normalise
            float v = mant / 1024f * (float) Math.pow(2, -14);
            return sign == 0 ? v : -v;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** Float to IEEE 754 half precision (round to nearest even); used to write F16 test files. */
    public static short floatToHalf(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            mant |= 0x800000;
            int shift = 14 - e;
            int half = mant >> shift;
            int rest = mant & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rest > mid || rest == mid && (half & 1) == 1) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >> 13);
        int rest = mant & 0x1fff;
        if (rest > 0x1000 || rest == 0x1000 && (half & 1) == 1) {
            half++;
        }
        return (short) (sign | half);
    }

    /** Float to bfloat16, rounding to nearest even. */
    static short floatToBfloat16(float v) {
        int bits = Float.floatToRawIntBits(v);
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    /** Dtypes Tenor writes. */
    public enum DType { F32, F16, BF16 }

    /** Writes {@code tensors} as F32 safetensors, atomically. */
    public static void write(Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata)
            throws IOException {
        write(file, tensors, metadata, DType.F32);
    }

    /** Writes {@code tensors} in {@code dtype}, names sorted as Python's safetensors writes them. */
    public static void write(Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata, DType dtype)
            throws IOException {
        int width = dtype == DType.F32 ? 4 : 2;
        Map<String, FloatTensor> sorted = new TreeMap<>(tensors);
        ObjectNode header = Json.MAPPER.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, FloatTensor> e : sorted.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", dtype.name());
            var shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long len = (long) e.getValue().data().length * width;
            t.putArray("data_offsets").add(offset).add(offset + len);
            offset += len;
        }
        byte[] json = Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8; // 8-byte alignment, padded with spaces like safetensors' own writer
        byte[] headerBytes = new byte[padded];
        java.util.Arrays.fill(headerBytes, (byte) ' ');
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        AtomicFiles.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(headerBytes);
            ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (FloatTensor t : sorted.values()) {
                float[] data = t.data();
                if (dtype == DType.F32) {
                    // bulk copies: this is the hot path of every checkpoint
                    for (int off = 0; off < data.length; ) {
                        int n = Math.min(data.length - off, buf.remaining() / 4);
                        if (n == 0) {
                            out.write(buf.array(), 0, buf.position());
                            buf.clear();
                            continue;
                        }
                        buf.asFloatBuffer().put(data, off, n);
                        buf.position(buf.position() + n * 4);
                        off += n;
                    }
                    continue;
                }
                for (float v : data) {
                    if (buf.remaining() < 2) {
                        out.write(buf.array(), 0, buf.position());
                        buf.clear();
                    }
                    buf.putShort(dtype == DType.F16 ? floatToHalf(v) : floatToBfloat16(v));
                }
            }
            out.write(buf.array(), 0, buf.position());
        });
    }
}
