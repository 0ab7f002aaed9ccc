import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Berth

// A page's title and the identity it acts as.
RowLayout {
    property string title
    spacing: Theme.spacingM

    Label {
        text: parent.title
        font.pixelSize: Theme.fontTitle
        font.bold: true
        color: Theme.text
    }
    Label {
        objectName: "identityLabel"
        Layout.fillWidth: true
        text: NodeHost.account.address.length > 0
              ? qsTr("as %1 · %2").arg(NodeHost.identity).arg(NodeHost.account.address)
              : qsTr("as %1").arg(NodeHost.identity)
        color: Theme.textMuted
        elide: Text.ElideMiddle
    }
}
