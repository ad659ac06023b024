package dev.gantry.runtime.cstore;

/**
 * CRC-64 with the ISO 3309 polynomial in its reflected form, as Go's {@code hash/crc64} computes it
 * with {@code crc64.ISO}: tar-split records it per file, and podman's reassembly of a layer
 * checks each file's bytes against it.
 */
final class Crc64 {
    private static final long[] TABLE = new long[256];

    static {
        long poly = 0xD800000000000000L;
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int j = 0; j < 8; j++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ poly : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private long crc = ~0L;

    void update(byte[] bytes, int off, int len) {
        long c = crc;
        for (int i = off; i < off + len; i++) {
            c = TABLE[(int) ((c ^ bytes[i]) & 0xff)] ^ (c >>> 8);
        }
        crc = c;
    }

    /** {@return the checksum as Go's {@code Sum(nil)} gives it: 8 bytes, big-endian} */
    byte[] sum() {
        long value = ~crc;
        byte[] out = new byte[8];
        for (int i = 7; i >= 0; i--) {
            out[i] = (byte) value;
            value >>>= 8;
        }
        return out;
    }
}
