#pragma once

#include <QObject>
#include <QSocketNotifier>

#include <memory>

/**
 * Turns SIGTERM and SIGINT into a Qt signal on the main thread. The handler only writes a
 * byte to a socket pair (all a signal handler may safely do); the event loop reads it.
 */
class SignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject* parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void stopRequested(int signal);

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
};
