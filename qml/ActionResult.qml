import QtQuick
import QtQuick.Controls
import Berth

// The outcome of one of the identity's actions (NodeHost.actions.results[action]): pending, accepted or rejected.
Label {
    id: root
    property string action
    readonly property var result: NodeHost.actions.results[action]
    readonly property bool failed: result !== undefined && result.failed
    readonly property bool busy: result !== undefined && result.busy

    text: result !== undefined ? result.text : ""
    visible: text.length > 0
    color: failed ? Theme.danger : (busy ? Theme.textMuted : Theme.success)
    wrapMode: Text.Wrap
    font.pixelSize: Theme.fontSmall
}
