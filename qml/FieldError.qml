import QtQuick
import QtQuick.Controls

// A form's own problem, as the validation in C++ states it; hidden while there is none.
Label {
    visible: text.length > 0
    color: Theme.danger
    wrapMode: Text.Wrap
    font.pixelSize: Theme.fontSmall
}
