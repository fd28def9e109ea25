package io.taxiride.storage.h2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2's disk files under the prefix {@code synccount:}, counting how often a file is forced to the device, and slowing
 * that down on request (a slow disk): H2 lets a
 * file system be plugged in by its scheme ({@link FilePath#register}); it creates one of these reflectively for each
 * path, so the class is public.
 */
public final class SyncCountingFilePath extends FilePathWrapper {

    private static final String SCHEME = "synccount";
    private static final AtomicInteger FORCED = new AtomicInteger();
    private static volatile Duration forceTakes = Duration.ZERO;

    static {
        FilePath.register(new SyncCountingFilePath());
    }

    /** The JDBC URL of an H2 database in the given file, opened through this file system. */
    static String url(Path file) {
        return "jdbc:h2:" + SCHEME + ":" + file.toAbsolutePath();
    }

    /** How often any file opened through this file system has been forced to the device so far. */
    static int forced() {
        return FORCED.get();
    }

    /** From now on each force takes at least this long (zero: as long as the disk takes). */
    static void forceTakes(Duration duration) {
        forceTakes = duration;
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new Counting(getBase().open(mode));
    }

    private static final class Counting extends FileBase {

        private final FileChannel file;

        Counting(FileChannel file) {
            this.file = file;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            FORCED.incrementAndGet();
            file.force(metaData);
            try {
                Thread.sleep(forceTakes.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while forcing the file", e);
            }
        }

        @Override
        public int read(ByteBuffer destination) throws IOException {
            return file.read(destination);
        }

        @Override
        public int read(ByteBuffer destination, long position) throws IOException {
            return file.read(destination, position);
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            return file.write(source);
        }

        @Override
        public int write(ByteBuffer source, long position) throws IOException {
            return file.write(source, position);
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public FileChannel position(long position) throws IOException {
            file.position(position);
            return this;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            file.truncate(size);
            return this;
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return file.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
        }
    }
}
