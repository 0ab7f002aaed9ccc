#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace berth {

/**
 * Copies a database's write-ahead log back into the database file on a thread and connection
 * of its own, so that the thread committing blocks does not wait for it. SQLite's automatic
 * checkpoint runs inside the commit that crosses its threshold and made every second or third
 * block of 5,000 transactions pay for the ones before it. A checkpoint changes nothing a commit
 * promises: each commit is durable in the log when it returns, a checkpoint only moves committed
 * pages, and SQLite recovers a checkpoint cut short by a crash. Checkpoints are passive: they
 * copy what no reader still needs and never hold up the writer.
 */
class WalCheckpointer
{
public:
    /** Opens a second connection to the database at `path`; throws StoreError with SQLite's reason. */
    explicit WalCheckpointer(const std::string& path);
    /** Lets a checkpoint in progress finish, then closes the connection. */
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    /** Asks for a checkpoint soon; returns at once. Requests made while one runs fold into one more. */
    void request();

private:
    void run();

    sqlite3* m_db = nullptr;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_requested = false;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace berth
