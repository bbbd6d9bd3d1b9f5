# escape=`

FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
WORKDIR C:\app
RUN New-Item -ItemType Directory -Path C:\data ; `
    # a comment inside the continuation
    Write-Host 'created' ; `
    Write-Host 'done'
COPY bin\ C:\app\bin\
ENV PATH="C:\app\bin;C:\Windows\system32" `
    APP_HOME=C:\app
RUN echo literal backslash at end \
ENTRYPOINT ["C:\\app\\bin\\app.exe"]
